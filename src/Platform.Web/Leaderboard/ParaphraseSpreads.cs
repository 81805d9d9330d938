using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Evaluation.Metrics;

namespace Platform.Web.Leaderboard;

/// <summary>
/// The spread across paraphrases of the cells on a board page. A cell's row is its original wording's run
/// (paraphrase 0); the latest finished run of each other paraphrase of the same model, suite and style joins it.
/// </summary>
public static class ParaphraseSpreads
{
    public static async Task<IReadOnlyList<LeaderboardRow>> AddAsync(
        ThoughtboardDbContext db, IReadOnlyList<LeaderboardRow> rows, ScoringMode mode, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return rows;
        }
        var modelIds = rows.Select(r => r.ModelId).Distinct().ToList();
        var suiteIds = rows.Select(r => r.SuiteId).Distinct().ToList();
        var styleIds = rows.Select(r => r.StyleId).Distinct().ToList();
        var others = await db.RunAggregates.AsNoTracking()
            .Where(a => a.Level == null && a.Mode == mode && a.Run.State == RunState.Succeeded && a.Run.Paraphrase > 0 &&
                modelIds.Contains(a.Run.ModelId) && suiteIds.Contains(a.Run.SuiteId) && styleIds.Contains(a.Run.StyleId))
            .Select(a => new { a.Run.ModelId, a.Run.SuiteId, a.Run.StyleId, a.Run.Paraphrase, a.Accuracy, a.Run.FinishedAt, a.RunId })
            .ToListAsync(cancellationToken);
        if (others.Count == 0)
        {
            return rows;
        }
        // The latest run of each paraphrase counts, as the latest run of the original wording makes the cell.
        var latest = others
            .GroupBy(o => (o.ModelId, o.SuiteId, o.StyleId, o.Paraphrase))
            .Select(g => g.OrderByDescending(o => o.FinishedAt).ThenByDescending(o => o.RunId).First())
            .ToLookup(o => (o.ModelId, o.SuiteId, o.StyleId), o => o.Accuracy);
        return rows.Select(row => latest.Contains((row.ModelId, row.SuiteId, row.StyleId))
            ? row with { Paraphrases = ParaphraseSpread.Of([row.Accuracy, .. latest[(row.ModelId, row.SuiteId, row.StyleId)]]) }
            : row).ToList();
    }
}
