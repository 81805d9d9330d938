using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Evaluation.Metrics;
using EvalTaskType = Platform.Evaluation.Datasets.TaskType;

namespace Platform.Web.Leaderboard;

/// <summary>
/// The latest successful run of the model on one suite with one style, with its aggregates in one scoring
/// mode: <see cref="Overall"/> over every item and <see cref="Levels"/> per difficulty level. The run is the style's
/// own wording; <see cref="Paraphrases"/> is the accuracy's spread over the wordings run, when there are several.
/// </summary>
public sealed record ModelCell(
    long RunId, string Suite, string TaskType, string Style, RunAggregate Overall, IReadOnlyList<RunAggregate> Levels,
    ParaphraseSpread? Paraphrases = null);

public sealed record ModelOverview(LanguageModel Model, IReadOnlyList<ModelCell> Cells);

/// <summary>One task type's recommendation under each policy the model page shows.</summary>
public sealed record TaskRecommendations(string TaskType, Recommendation AccuracyFirst, Recommendation TokenBudget);

/// <summary>Reads what the per-model page shows and turns aggregates into the evaluation core's summaries.</summary>
public sealed class ModelPageQuery(IDbContextFactory<ThoughtboardDbContext> dbFactory)
{
    public async Task<ModelOverview?> FindAsync(long modelId, ScoringMode mode, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == modelId, cancellationToken);
        if (model is null)
        {
            return null;
        }
        var succeeded = await db.Runs.AsNoTracking()
            .Where(r => r.ModelId == modelId && r.State == RunState.Succeeded)
            .Select(r => new { r.Id, r.SuiteId, r.StyleId, r.Paraphrase, Suite = r.Suite.Name, r.Suite.TaskType, Style = r.StyleLabel, r.FinishedAt, r.CreatedAt })
            .ToListAsync(cancellationToken);
        // A repeated experiment replaces the earlier one on the page, as on the board.
        // Each paraphrase's latest run counts once; the style's own wording (0) makes the cell.
        var latestPerWording = succeeded
            .GroupBy(r => (r.SuiteId, r.StyleId, r.Paraphrase))
            .Select(g => g.OrderByDescending(r => r.FinishedAt ?? r.CreatedAt).ThenByDescending(r => r.Id).First())
            .ToList();
        var latest = latestPerWording.Where(r => r.Paraphrase == 0).ToList();
        var runIds = latestPerWording.Select(r => r.Id).ToList();
        var aggregates = await db.RunAggregates.AsNoTracking()
            .Where(a => runIds.Contains(a.RunId) && a.Mode == mode)
            .ToListAsync(cancellationToken);
        var cells = new List<ModelCell>();
        foreach (var run in latest.OrderBy(r => r.TaskType).ThenBy(r => r.Suite).ThenBy(r => r.Style))
        {
            var own = aggregates.Where(a => a.RunId == run.Id).ToList();
            var overall = own.FirstOrDefault(a => a.Level is null);
            if (overall is null)
            {
                continue;
            }
            var wordings = latestPerWording.Where(r => r.SuiteId == run.SuiteId && r.StyleId == run.StyleId)
                .Select(r => aggregates.FirstOrDefault(a => a.RunId == r.Id && a.Level is null))
                .OfType<RunAggregate>().Select(a => a.Accuracy).ToList();
            cells.Add(new ModelCell(run.Id, run.Suite, run.TaskType, run.Style, overall,
                own.Where(a => a.Level is not null).OrderBy(a => a.Level).ToList(), ParaphraseSpread.Of(wordings)));
        }
        return new ModelOverview(model, cells);
    }

    /// <summary>
    /// McNemar's test between every two styles run on the same suite, over all the page's cells: one family, Holm-adjusted,
    /// so a "better than" mark on the page holds at 5% family-wise error however many pairs are shown.
    /// </summary>
    public async Task<IReadOnlyList<PairedComparison>> PairedComparisonsAsync(
        IReadOnlyList<ModelCell> cells, ScoringMode mode, CancellationToken cancellationToken = default)
    {
        var runs = PairedRuns(cells);
        if (runs.GroupBy(r => r.Key.Suite).All(g => g.Count() < 2))
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var outcomes = await CompareQuery.OutcomesAsync(db, runs.Values.ToList(), cancellationToken);
        return MultipleComparisons.Pairwise(
            runs.Select(r => new PairingInput(r.Key.Suite, r.Key.Style, outcomes[r.Value])),
            mode == ScoringMode.Strict ? VerdictMode.Strict : VerdictMode.Flexible);
    }

    /// <summary>
    /// The run each (suite, style name) is paired with: two versions of a style under one name are one style on the
    /// page, and the newer run (higher id) speaks for it.
    /// </summary>
    public static Dictionary<(string Suite, string Style), long> PairedRuns(IReadOnlyList<ModelCell> cells) =>
        cells.GroupBy(c => (c.Suite, c.Style)).ToDictionary(g => g.Key, g => g.Max(c => c.RunId));

    /// <summary>
    /// Several aggregates (e.g. the suites of one task type) as one summary: counts add up, means are weighted
    /// by item count, so every item weighs the same whichever suite it came from.
    /// </summary>
    public static Summary Pool(IReadOnlyCollection<RunAggregate> aggregates, ScoringMode mode)
    {
        var items = aggregates.Sum(a => a.ItemCount);
        var correct = aggregates.Sum(a => a.CorrectCount);
        var noAnswer = aggregates.Sum(a => a.NoAnswerCount);
        var tokens = aggregates.Sum(a => a.MeanOutputTokens * a.ItemCount);
        var latency = aggregates.Sum(a => a.MeanLatencyMs * a.ItemCount);
        return new Summary(
            mode == ScoringMode.Strict ? VerdictMode.Strict : VerdictMode.Flexible,
            items,
            0,
            new Proportion(correct, items),
            new Proportion(noAnswer, items),
            items == 0 ? 0 : tokens / items,
            correct == 0 ? null : tokens / correct,
            items == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(latency / items));
    }

    /// <summary>
    /// The recommended style per task type under accuracy-first and under a token budget, from the pooled
    /// results of each style. Task types the evaluation core does not know are left out.
    /// </summary>
    public static IReadOnlyList<TaskRecommendations> Recommend(
        string modelName, IReadOnlyList<ModelCell> cells, ScoringMode mode, double tokenBudget)
    {
        var recommendations = new List<TaskRecommendations>();
        foreach (var task in cells.GroupBy(c => c.TaskType).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!Enum.TryParse<EvalTaskType>(task.Key, ignoreCase: false, out var taskType))
            {
                continue;
            }
            var results = task.GroupBy(c => c.Style)
                .Select(style => new StyleResult(modelName, taskType, style.Key, Pool(style.Select(c => c.Overall).ToList(), mode)))
                .ToList();
            recommendations.Add(new TaskRecommendations(
                task.Key,
                Recommender.RecommendOne(modelName, taskType, results, new AccuracyFirst()),
                Recommender.RecommendOne(modelName, taskType, results, new TokenBudget(tokenBudget))));
        }
        return recommendations;
    }
}
