using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Evaluation.Metrics;
using Platform.Web.Api;
using EvalVerdict = Platform.Evaluation.Scoring.Verdict;

namespace Platform.Web.Leaderboard;

/// <summary>A run chosen for a comparison, with what the page prints about it.</summary>
/// <param name="Paraphrase">The wording of the style's instructions the run used (0: the style's own).</param>
public sealed record CompareSide(
    long RunId, long ModelId, string Model, long SuiteId, string Suite, string Style, RunState State, bool SuitePrivate = false, int Paraphrase = 0);

/// <summary>One item both runs answered, with each side's answer and verdict in the compared scoring mode.</summary>
public sealed record PairedItem(
    string ItemKey, int Level, string Prompt, string Target,
    string? AnswerA, Verdict VerdictA, int TokensA, string? AnswerB, Verdict VerdictB, int TokensB);

/// <param name="ItemsHidden">The suite is private and the reader no administrator: <see cref="Discordant"/> is empty, the counts are not.</param>
/// <param name="SpreadA">A's accuracy across the wordings of its style that ran (its model, suite and style), or null with one wording.</param>
public sealed record Comparison(
    CompareSide A, CompareSide B, McNemarResult McNemar, Summary SummaryA, Summary SummaryB, IReadOnlyList<PairedItem> Discordant,
    bool ItemsHidden = false, ParaphraseSpread? SpreadA = null, ParaphraseSpread? SpreadB = null)
{
    /// <summary>
    /// The difference in accuracy between the two runs is no larger than the range one side's accuracy covers when
    /// only its wording changes: the wording alone moves the result as far as the comparison does.
    /// </summary>
    public bool WithinWordingSpread =>
        Math.Abs(SummaryA.Accuracy.Value - SummaryB.Accuracy.Value) is var difference &&
        ((SpreadA is { } a && difference <= a.Max - a.Min) || (SpreadB is { } b && difference <= b.Max - b.Min));
}

/// <summary>What the compare form offers: models, suites and styles that have at least one successful run.</summary>
public sealed record CompareChoices(
    IReadOnlyList<(long Id, string Name)> Models, IReadOnlyList<(long Id, string Name)> Suites, IReadOnlyList<string> Styles);

/// <summary>Pairs two runs on the same suite item by item and tests the difference with McNemar's test.</summary>
public sealed class CompareQuery(IDbContextFactory<ThoughtboardDbContext> dbFactory)
{
    public async Task<CompareChoices> ChoicesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var done = db.Runs.Where(r => r.State == RunState.Succeeded);
        var models = await done.Select(r => new { r.ModelId, r.Model.Name }).Distinct().OrderBy(m => m.Name).ToListAsync(cancellationToken);
        var suites = await done.Select(r => new { r.SuiteId, r.Suite.Name }).Distinct().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var styles = await done.Select(r => r.Style.Name).Distinct().OrderBy(s => s).ToListAsync(cancellationToken);
        return new CompareChoices(
            models.Select(m => (m.ModelId, m.Name)).ToList(), suites.Select(s => (s.SuiteId, s.Name)).ToList(), styles);
    }

    /// <summary>
    /// The latest successful run of a model on a suite with a style (matched by name, ignoring case), or null. A run in
    /// the style's own wording is preferred, as on the board; a paraphrase's run is taken only when there is none.
    /// </summary>
    public async Task<long?> LatestRunAsync(long modelId, long suiteId, string style, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = style.Trim().ToLower();
        return await db.Runs
            .Where(r => r.ModelId == modelId && r.SuiteId == suiteId && r.State == RunState.Succeeded && r.Style.Name.ToLower() == name)
            .OrderBy(r => r.Paraphrase == 0 ? 0 : 1).ThenByDescending(r => r.FinishedAt).ThenByDescending(r => r.Id)
            .Select(r => (long?)r.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Compares two runs. Throws <see cref="ArgumentException"/> with a message for the page when a run does not
    /// exist or the two runs are on different suites (their items could not be paired). The discordant items of a
    /// private suite are listed only for an administrator. Another submitter's unfinished run is answered as unknown.
    /// </summary>
    public async Task<Comparison> CompareAsync(
        long runA, long runB, ScoringMode mode, Requester viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var a = await SideAsync(db, runA, viewer, cancellationToken) ?? throw new ArgumentException($"There is no run {runA}.");
        var b = await SideAsync(db, runB, viewer, cancellationToken) ?? throw new ArgumentException($"There is no run {runB}.");
        if (a.SuiteId != b.SuiteId)
        {
            throw new ArgumentException(
                $"Run {runA} is on suite {a.Suite} and run {runB} on {b.Suite}: a paired test needs both runs on the same items. Pick runs on one suite.");
        }
        var itemsA = await ItemsAsync(db, runA, cancellationToken);
        var itemsB = await ItemsAsync(db, runB, cancellationToken);
        var verdictMode = mode == ScoringMode.Strict ? VerdictMode.Strict : VerdictMode.Flexible;
        var mcNemar = RunMetrics.McNemar(itemsA.Select(Outcome), itemsB.Select(Outcome), verdictMode);

        var byKeyB = itemsB.ToDictionary(PairKey);
        var discordant = new List<PairedItem>();
        foreach (var x in itemsA)
        {
            if (x.Error is not null || !byKeyB.TryGetValue(PairKey(x), out var y) || y.Error is not null)
            {
                continue;
            }
            var verdictA = mode == ScoringMode.Strict ? x.VerdictStrict : x.VerdictFlexible;
            var verdictB = mode == ScoringMode.Strict ? y.VerdictStrict : y.VerdictFlexible;
            if ((verdictA == Verdict.Correct) != (verdictB == Verdict.Correct))
            {
                discordant.Add(new PairedItem(x.Key, x.Level, x.Prompt, x.Target,
                    mode == ScoringMode.Strict ? x.ExtractedStrict : x.ExtractedFlexible, verdictA, x.TokensOut,
                    mode == ScoringMode.Strict ? y.ExtractedStrict : y.ExtractedFlexible, verdictB, y.TokensOut));
            }
        }
        var hidden = a.SuitePrivate && !viewer.IsAdmin;
        return new Comparison(a, b, mcNemar,
            RunMetrics.Summarize(itemsA.Select(Outcome), verdictMode), RunMetrics.Summarize(itemsB.Select(Outcome), verdictMode),
            hidden ? [] : discordant, hidden,
            await SpreadAsync(db, runA, mode, cancellationToken), await SpreadAsync(db, runB, mode, cancellationToken));
    }

    /// <summary>
    /// The run's accuracy beside the latest successful run of every other wording of its style by the same model on
    /// the same suite (stored aggregates, the compared scoring mode); null when no other wording ran or the run has no
    /// aggregate yet. The same rule as a board cell's spread, with the compared run standing for its own wording.
    /// </summary>
    private static async Task<ParaphraseSpread?> SpreadAsync(ThoughtboardDbContext db, long runId, ScoringMode mode, CancellationToken cancellationToken)
    {
        var run = await db.Runs.Where(r => r.Id == runId).Select(r => new { r.ModelId, r.SuiteId, r.StyleId, r.Paraphrase }).SingleAsync(cancellationToken);
        var runs = await db.RunAggregates.AsNoTracking()
            .Where(x => x.Level == null && x.Mode == mode && x.Run.ModelId == run.ModelId && x.Run.SuiteId == run.SuiteId &&
                x.Run.StyleId == run.StyleId &&
                (x.RunId == runId || (x.Run.State == RunState.Succeeded && x.Run.Paraphrase != run.Paraphrase)))
            .Select(x => new { x.RunId, x.Run.Paraphrase, x.Run.FinishedAt, x.Accuracy })
            .ToListAsync(cancellationToken);
        if (!runs.Any(r => r.RunId == runId))
        {
            return null;
        }
        return ParaphraseSpread.Of(runs
            .GroupBy(r => r.Paraphrase)
            .Select(g => g.OrderByDescending(r => r.FinishedAt).ThenByDescending(r => r.RunId).First().Accuracy)
            .ToList());
    }

    /// <summary>
    /// Every stored outcome of the given runs, paired the way <see cref="CompareAsync"/> pairs them (item key,
    /// and sample when a run stored several), for the paired tests of a whole family of runs at once.
    /// </summary>
    public static async Task<Dictionary<long, List<ItemOutcome>>> OutcomesAsync(
        ThoughtboardDbContext db, IReadOnlyCollection<long> runIds, CancellationToken cancellationToken = default)
    {
        var rows = await db.ItemResults.Where(r => runIds.Contains(r.RunId))
            .OrderBy(r => r.Item.Position).ThenBy(r => r.SampleIndex)
            .Select(r => new { r.RunId, Item = new StoredItem(r.Item.Key, r.Item.Position, r.Item.Level, r.SampleIndex, "", "",
                null, null, r.VerdictStrict, r.VerdictFlexible, r.TokensOut, r.LatencyMs, r.Error) })
            .ToListAsync(cancellationToken);
        return runIds.Distinct().ToDictionary(id => id, id => rows.Where(r => r.RunId == id).Select(r => Outcome(r.Item)).ToList());
    }

    private sealed record StoredItem(
        string Key, int Position, int Level, int Sample, string Prompt, string Target, string? ExtractedStrict, string? ExtractedFlexible,
        Verdict VerdictStrict, Verdict VerdictFlexible, int TokensOut, double LatencyMs, string? Error);

    private static string PairKey(StoredItem item) => item.Sample == 0 ? item.Key : $"{item.Key}#{item.Sample}";

    private static ItemOutcome Outcome(StoredItem item) => new(
        PairKey(item), item.Level, Map(item.VerdictStrict), Map(item.VerdictFlexible), item.TokensOut,
        TimeSpan.FromMilliseconds(item.LatencyMs), item.Error is not null);

    private static EvalVerdict Map(Verdict verdict) => verdict switch
    {
        Verdict.Correct => EvalVerdict.Correct,
        Verdict.Incorrect => EvalVerdict.Incorrect,
        _ => EvalVerdict.NoAnswer,
    };

    /// <summary>A run the viewer may not see (another submitter's unfinished run) is answered like one that does not exist.</summary>
    private static async Task<CompareSide?> SideAsync(ThoughtboardDbContext db, long runId, Requester viewer, CancellationToken cancellationToken)
    {
        var found = await db.Runs.Where(r => r.Id == runId)
            .Select(r => new
            {
                Side = new CompareSide(r.Id, r.ModelId, r.Model.Name, r.SuiteId, r.Suite.Name, r.Style.Name, r.State, r.Suite.IsPrivate, r.Paraphrase),
                OwnerKey = r.Submission == null ? null : r.Submission.ApiKeyId,
                OwnerUser = r.Submission == null ? null : r.Submission.UserId,
            })
            .FirstOrDefaultAsync(cancellationToken);
        return found is not null && viewer.MaySeeRun(found.Side.State, found.OwnerKey, found.OwnerUser) ? found.Side : null;
    }

    private static Task<List<StoredItem>> ItemsAsync(ThoughtboardDbContext db, long runId, CancellationToken cancellationToken) =>
        db.ItemResults.Where(r => r.RunId == runId)
            .OrderBy(r => r.Item.Position).ThenBy(r => r.SampleIndex)
            .Select(r => new StoredItem(r.Item.Key, r.Item.Position, r.Item.Level, r.SampleIndex, r.Item.Prompt, r.Item.Target,
                r.ExtractedAnswerStrict, r.ExtractedAnswerFlexible, r.VerdictStrict, r.VerdictFlexible, r.TokensOut, r.LatencyMs, r.Error))
            .ToListAsync(cancellationToken);
}
