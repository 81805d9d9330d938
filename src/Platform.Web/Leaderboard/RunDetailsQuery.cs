using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Data.Runs;
using Platform.Web.Api;

namespace Platform.Web.Leaderboard;

/// <summary>Which item results the run page lists: by verdict under one scoring mode, and by difficulty level.</summary>
public sealed record ItemFilter
{
    public Verdict? Verdict { get; init; }
    public ScoringMode Mode { get; init; } = ScoringMode.Strict;
    public int? Level { get; init; }
    /// <summary>Only items whose evaluation raised an error.</summary>
    public bool ErrorsOnly { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    /// <summary>The run page's item filters from its query string; each value that cannot be used is left out and said in <paramref name="problems"/>.</summary>
    public static ItemFilter Parse(string? mode, string? verdict, string? level, bool? errorsOnly, int? page, List<string> problems)
    {
        var filter = new ItemFilter { Page = page ?? 1, ErrorsOnly = errorsOnly ?? false, Mode = ScoringModes.Parse(mode, out var modeProblem) };
        if (modeProblem is not null)
            problems.Add($"{modeProblem} Using strict.");
        if (!string.IsNullOrEmpty(verdict))
        {
            if (Enum.TryParse<Verdict>(verdict, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
                filter = filter with { Verdict = parsed };
            else
                problems.Add($"Verdict '{verdict}' is not one of {string.Join(", ", Enum.GetNames<Verdict>())}; showing every verdict.");
        }
        if (!string.IsNullOrEmpty(level))
        {
            if (int.TryParse(level, out var parsed))
                filter = filter with { Level = parsed };
            else
                problems.Add($"Level '{level}' is not a whole number; showing every level.");
        }
        return filter;
    }
}

public sealed record ItemRow(
    long Id,
    string ItemKey,
    int Position,
    int Level,
    int SampleIndex,
    string Prompt,
    string Target,
    List<string> Choices,
    string RawOutput,
    string? ExtractedStrict,
    string? ExtractedFlexible,
    Verdict VerdictStrict,
    Verdict VerdictFlexible,
    string? ExtractionMethod,
    bool Truncated,
    string? Error,
    int TokensIn,
    int TokensOut,
    double LatencyMs,
    string TranscriptJson,
    string ScorerVersion);

public sealed record ItemPage(IReadOnlyList<ItemRow> Rows, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>A run with everything the run page shows around its items.</summary>
/// <param name="WaitingForWorker">Set while the run is running but its worker has gone silent (<see cref="RunLiveness"/>).</param>
/// <param name="SameExperiment">Ids of the other succeeded runs with the same experiment identity (<see cref="Run.ConfigHash"/>).</param>
public sealed record RunDetails(
    Run Run, IReadOnlyList<RunAggregate> Aggregates, IReadOnlyList<int> Levels, string? WaitingForWorker = null, IReadOnlyList<long>? SameExperiment = null);

/// <summary>Reads one run, its aggregates and its item results for the run page and the downloads.</summary>
public sealed class RunDetailsQuery(IDbContextFactory<ThoughtboardDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>
    /// The run with model, suite, style and submission loaded; null when there is no such run, or when it is not
    /// finished and <paramref name="viewer"/> is neither its submitter nor an administrator (see <see cref="Requester.MaySeeRun"/>).
    /// </summary>
    public async Task<RunDetails?> FindAsync(long runId, Requester viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking()
            .Include(r => r.Model).Include(r => r.Suite).Include(r => r.Style).Include(r => r.Submission)
            .FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || !viewer.MaySeeRun(run.State, run.Submission?.ApiKeyId, run.Submission?.UserId))
        {
            return null;
        }
        var aggregates = await db.RunAggregates.AsNoTracking()
            .Where(a => a.RunId == runId)
            .OrderBy(a => a.Mode).ThenBy(a => a.Level)
            .ToListAsync(cancellationToken);
        var levels = await db.SuiteItems.Where(i => i.SuiteId == run.SuiteId)
            .Select(i => i.Level).Distinct().OrderBy(l => l).ToListAsync(cancellationToken);
        var workers = await RunLiveness.WorkerHeartbeatsAsync(db, [run.WorkerName], cancellationToken);
        var waiting = RunLiveness.WaitingForWorker(
            run.State, run.WorkerName is { } worker && workers.TryGetValue(worker, out var seen) ? seen : null, run.HeartbeatAt, clock.GetUtcNow());
        // The (ConfigHash, State) index answers this: repeats of one experiment, finished and public.
        var same = await db.Runs.Where(r => r.ConfigHash == run.ConfigHash && r.State == RunState.Succeeded && r.Id != run.Id)
            .OrderBy(r => r.Id).Select(r => r.Id).Take(20).ToListAsync(cancellationToken);
        return new RunDetails(run, aggregates, levels, waiting, same);
    }

    public async Task<ItemPage> ItemsAsync(long runId, ItemFilter filter, CancellationToken cancellationToken = default)
    {
        var pageSize = Math.Clamp(filter.PageSize, 1, ItemFilter.MaxPageSize);
        var page = Paging.Clamp(filter.Page);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, runId, filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await Project(query.OrderBy(r => r.Item.Position).ThenBy(r => r.SampleIndex)
                .Skip((page - 1) * pageSize).Take(pageSize))
            .ToListAsync(cancellationToken);
        return new ItemPage(rows, total, page, pageSize);
    }

    /// <summary>Every result of the run in item order, streamed from the database, for the downloads.</summary>
    public async IAsyncEnumerable<ItemRow> AllItemsAsync(long runId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = Project(db.ItemResults.AsNoTracking().Where(r => r.RunId == runId)
            .OrderBy(r => r.Item.Position).ThenBy(r => r.SampleIndex)).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    private static IQueryable<ItemResult> Filtered(ThoughtboardDbContext db, long runId, ItemFilter filter)
    {
        var query = db.ItemResults.AsNoTracking().Where(r => r.RunId == runId);
        if (filter.Verdict is { } verdict)
        {
            query = filter.Mode == ScoringMode.Strict
                ? query.Where(r => r.VerdictStrict == verdict)
                : query.Where(r => r.VerdictFlexible == verdict);
        }
        if (filter.Level is { } level)
        {
            query = query.Where(r => r.Item.Level == level);
        }
        if (filter.ErrorsOnly)
        {
            query = query.Where(r => r.Error != null);
        }
        return query;
    }

    private static IQueryable<ItemRow> Project(IQueryable<ItemResult> query) => query.Select(r => new ItemRow(
        r.Id, r.Item.Key, r.Item.Position, r.Item.Level, r.SampleIndex, r.Item.Prompt, r.Item.Target, r.Item.Choices,
        r.RawOutput, r.ExtractedAnswerStrict, r.ExtractedAnswerFlexible, r.VerdictStrict, r.VerdictFlexible,
        r.ExtractionMethod, r.Truncated, r.Error, r.TokensIn, r.TokensOut, r.LatencyMs, r.TranscriptJson, r.ScorerVersion));
}
