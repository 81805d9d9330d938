using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;
using Platform.Jobs;
using Platform.Jobs.Runs;

namespace Platform.Web.Leaderboard;

/// <param name="Curve">Null when no item's samples could be read.</param>
/// <param name="Unreadable">Scored items whose transcript does not hold the run's K sample outputs; left out of the curves.</param>
public sealed record RunSamplingCurve(int Samples, VoteTieRule TieRule, SamplingCurve? Curve, int Unreadable);

/// <summary>
/// maj@k and pass@k of a self-consistency run, recomputed from the sample outputs its stored transcripts keep, with
/// the suite's own checker: the run is rebuilt with <see cref="RunDefinition"/>, the worker's own reading of the rows.
/// </summary>
public sealed class SamplingCurveQuery(IDbContextFactory<ThoughtboardDbContext> dbFactory)
{
    /// <summary>Null for an unknown run, a run that does not vote, or one whose stored definition cannot be rebuilt.</summary>
    public async Task<RunSamplingCurve?> FindAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().Include(r => r.Suite).Include(r => r.Style)
            .FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            return null;
        }
        var rows = await db.SuiteItems.AsNoTracking().Where(i => i.SuiteId == run.SuiteId).OrderBy(i => i.Position).ToListAsync(cancellationToken);
        RunDefinition definition;
        try
        {
            definition = RunDefinition.From(run, rows);
        }
        catch (InvalidRunException)
        {
            return null;
        }
        if (definition.Style.Parameters is not SelfConsistencyParameters voted)
        {
            return null;
        }
        var results = await db.ItemResults.AsNoTracking()
            .Where(r => r.RunId == runId && r.SampleIndex == 0 && r.Error == null)
            .OrderBy(r => r.Item.Position)
            .Select(r => new { r.Item.Key, r.TranscriptJson })
            .ToListAsync(cancellationToken);
        var items = definition.Suite.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var sampled = new List<SampledItem>();
        var unreadable = 0;
        foreach (var result in results)
        {
            var outputs = items.TryGetValue(result.Key, out var item) && Transcript(result.TranscriptJson) is { } transcript
                ? SampledItem.SampleOutputs(transcript, voted.Samples)
                : null;
            if (item is null || outputs is null)
            {
                unreadable++;
                continue;
            }
            sampled.Add(SampledItem.FromOutputs(outputs, item, definition.Suite.AnswerKind, definition.Suite.Checker));
        }
        return new RunSamplingCurve(voted.Samples, voted.TieRule, SamplingCurves.Compute(sampled, voted.TieRule), unreadable);
    }

    private static IReadOnlyList<Exchange>? Transcript(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, StoredJson.Default.IReadOnlyListExchange);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
