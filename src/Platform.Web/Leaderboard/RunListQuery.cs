using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Web.Api;

namespace Platform.Web.Leaderboard;

/// <summary>Which runs a run list shows. Text filters match whole names, ignoring case.</summary>
public sealed record RunListFilter
{
    public RunState? State { get; init; }
    public long? ModelId { get; init; }
    public long? SubmissionId { get; init; }
    public string? Model { get; init; }
    public string? Suite { get; init; }
    public string? Style { get; init; }
    public string? Worker { get; init; }
    /// <summary>
    /// Who reads the list; null is the public. Everyone sees every run's state and progress (the queue is public), but a
    /// run's submission id, failure detail and, while it is unfinished, its page are for its submitter and administrators.
    /// </summary>
    public Requester? Viewer { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
}

public sealed record RunListRow(
    long Id,
    long? SubmissionId,
    long ModelId,
    string ModelName,
    string SuiteName,
    string TaskType,
    string StyleLabel,
    RunState State,
    string? FailureReason,
    string? StatusDetail,
    int ItemsDone,
    int ItemsTotal,
    int ItemErrors,
    string? WorkerName,
    RunQueue Queue,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? HeartbeatAt,
    double? StrictAccuracy,
    string? FailureDetail = null,
    bool MayOpen = true);

public sealed record RunListPage(IReadOnlyList<RunListRow> Rows, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Lists runs, newest first, for the model page, the submission page and the admin console.</summary>
public sealed class RunListQuery(IDbContextFactory<ThoughtboardDbContext> dbFactory)
{
    public async Task<RunListPage> RunAsync(RunListFilter filter, CancellationToken cancellationToken = default)
    {
        var pageSize = Math.Clamp(filter.PageSize, 1, RunListFilter.MaxPageSize);
        var page = Paging.Clamp(filter.Page);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Runs.AsNoTracking();
        if (filter.State is { } state)
        {
            query = query.Where(r => r.State == state);
        }
        if (filter.ModelId is { } modelId)
        {
            query = query.Where(r => r.ModelId == modelId);
        }
        if (filter.SubmissionId is { } submissionId)
        {
            query = query.Where(r => r.SubmissionId == submissionId);
        }
        if (!string.IsNullOrWhiteSpace(filter.Model))
        {
            var model = filter.Model.Trim().ToLower();
            query = query.Where(r => r.Model.Name.ToLower() == model);
        }
        if (!string.IsNullOrWhiteSpace(filter.Suite))
        {
            var suite = filter.Suite.Trim().ToLower();
            query = query.Where(r => r.Suite.Name.ToLower() == suite);
        }
        if (!string.IsNullOrWhiteSpace(filter.Style))
        {
            var style = filter.Style.Trim().ToLower();
            query = query.Where(r => r.StyleLabel.ToLower() == style);
        }
        if (!string.IsNullOrWhiteSpace(filter.Worker))
        {
            var worker = filter.Worker.Trim().ToLower();
            query = query.Where(r => r.WorkerName != null && r.WorkerName.ToLower() == worker);
        }
        var total = await query.CountAsync(cancellationToken);
        var found = await query
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(r => new
            {
                Row = new RunListRow(
                    r.Id, r.SubmissionId, r.ModelId, r.Model.Name, r.Suite.Name, r.Suite.TaskType, r.StyleLabel, r.State,
                    r.FailureReason, r.StatusDetail, r.ItemsDone, r.ItemsTotal, r.ItemErrors, r.WorkerName, r.Queue, r.CreatedAt, r.StartedAt,
                    r.FinishedAt, r.HeartbeatAt,
                    r.Aggregates.Where(a => a.Mode == ScoringMode.Strict && a.Level == null).Select(a => (double?)a.Accuracy).FirstOrDefault(),
                    r.FailureDetail, true),
                OwnerKey = r.Submission == null ? null : r.Submission.ApiKeyId,
                OwnerUser = r.Submission == null ? null : r.Submission.UserId,
            })
            .ToListAsync(cancellationToken);
        var viewer = filter.Viewer ?? Requester.Public;
        var rows = found.Select(f => viewer.MaySeeDetailOf(f.OwnerKey, f.OwnerUser)
            ? f.Row
            : f.Row with { SubmissionId = null, FailureDetail = null, MayOpen = Requester.IsFinished(f.Row.State) }).ToList();
        return new RunListPage(rows, total, page, pageSize);
    }

    /// <summary>How many runs are in each state, every state present (zero when none).</summary>
    public async Task<IReadOnlyDictionary<RunState, int>> CountByStateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await db.Runs.GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return Enum.GetValues<RunState>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0);
    }
}
