using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;

namespace Platform.Data.Runs;

/// <summary>
/// The owner of <see cref="Run.State"/>: every allowed change of a run's state is one method here, each a single guarded
/// UPDATE (the state it starts from is part of the WHERE, so two racing changes cannot both win) followed by the
/// submission's state, in one transaction. What must be cleared when a run leaves a state (its status detail, its
/// estimated finish, an old failure) is cleared here, so no caller can forget it. Times come from the
/// <see cref="TimeProvider"/> only.
/// <code>
/// Queued ──start──▶ Running ──finish──▶ Succeeded | Failed
///   │                  │ ▲ (start again: a resumed job)
///   └──cancel / fail───┴─┴──▶ Cancelled | Failed ──requeue──▶ Queued
/// </code>
/// </summary>
public sealed class RunTransitions(TimeProvider clock)
{
    public static RunTransitions System { get; } = new(TimeProvider.System);

    /// <summary>The reason a cancelled run shows when a person asked for it.</summary>
    public const string CancelledOnRequest = "Cancelled on request.";

    /// <summary>A new run waiting for its job: the only way a run is created in a state.</summary>
    public Run Queue(Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.State = RunState.Queued;
        run.CreatedAt = clock.GetUtcNow();
        return run;
    }

    /// <summary>
    /// Queued (or Running, when a job resumes a run whose worker died) to Running on <paramref name="workerName"/>; an
    /// earlier failure is cleared. False when the run is no longer live (cancelled before it started).
    /// </summary>
    public Task<bool> StartAsync(ThoughtboardDbContext db, long runId, string workerName, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return ApplyAsync(db, runId, ct, runs => runs
            .Where(r => r.Id == runId && (r.State == RunState.Queued || r.State == RunState.Running))
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.State, RunState.Running)
                .SetProperty(r => r.WorkerName, workerName)
                .SetProperty(r => r.StartedAt, r => r.StartedAt ?? now)
                .SetProperty(r => r.HeartbeatAt, now)
                .SetProperty(r => r.FailureReason, (string?)null)
                .SetProperty(r => r.FailureDetail, (string?)null), ct));
    }

    /// <summary>
    /// A running run's sign of life, with what it is waiting for (<see cref="Run.StatusDetail"/>, null once items are
    /// evaluated). Only a running run is touched: a cancel that just finished it must not get a detail back. Returns the
    /// run's state afterwards, so the caller notices a cancel; null when the run no longer exists.
    /// </summary>
    public async Task<RunState?> ReportAsync(ThoughtboardDbContext db, long runId, string? statusDetail, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await db.Runs.Where(r => r.Id == runId && r.State == RunState.Running)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.HeartbeatAt, now).SetProperty(r => r.StatusDetail, statusDetail), ct);
        return await StateOfAsync(db, runId, ct);
    }

    /// <summary>
    /// The model is loaded and items begin: the item count, the chat template the run is rendered with and the run's
    /// experiment identity as its header computed it from the loaded file are stored, and the status detail of the
    /// preparation is cleared. A run resumed on a later day keeps its first prompt date.
    /// </summary>
    public Task<int> BeginItemsAsync(
        ThoughtboardDbContext db, long runId, int itemsTotal, string? chatTemplateSha256, DateOnly promptDate, string experimentIdentity,
        string? engine, string? engineBuild, CancellationToken ct) =>
        db.Runs.Where(r => r.Id == runId && r.State == RunState.Running)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.ItemsTotal, itemsTotal)
                .SetProperty(r => r.ConfigHash, experimentIdentity)
                .SetProperty(r => r.StatusDetail, (string?)null)
                .SetProperty(r => r.ChatTemplateSha256, chatTemplateSha256)
                .SetProperty(r => r.PromptDate, r => r.PromptDate ?? promptDate)
                .SetProperty(r => r.Engine, engine)
                .SetProperty(r => r.EngineBuild, engineBuild), ct);

    /// <summary>
    /// A live run ends as <paramref name="outcome"/> (Succeeded or Failed, with the public reason and the private detail).
    /// A run cancelled meanwhile stays cancelled (it is only given its finish time); false then.
    /// </summary>
    public Task<bool> FinishAsync(
        ThoughtboardDbContext db, long runId, RunState outcome, string? reason, string? detail, CancellationToken ct)
    {
        if (outcome is not (RunState.Succeeded or RunState.Failed))
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A run finishes as Succeeded or Failed; use CancelAsync to cancel it.");
        var now = clock.GetUtcNow();
        return ApplyAsync(db, runId, ct, async runs =>
        {
            int changed = await runs.Where(r => r.Id == runId && (r.State == RunState.Queued || r.State == RunState.Running))
                .ExecuteUpdateAsync(set => set
                    .SetProperty(r => r.State, outcome)
                    .SetProperty(r => r.FailureReason, reason)
                    .SetProperty(r => r.FailureDetail, detail)
                    .SetProperty(r => r.FinishedAt, now)
                    .SetProperty(r => r.StatusDetail, (string?)null)
                    .SetProperty(r => r.EstimatedFinishAt, (DateTimeOffset?)null), ct);
            if (changed == 0)
                await StampCancelledAsync(runs, runId, now, ct);
            return changed;
        });
    }

    /// <summary>
    /// A live run is cancelled: on request (<see cref="CancelledOnRequest"/>, the request time stored as
    /// <see cref="Run.CancelRequestedAt"/>) or by the worker with its own reason. False when it had already ended.
    /// </summary>
    public Task<bool> CancelAsync(ThoughtboardDbContext db, long runId, string? reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return ApplyAsync(db, runId, ct, async runs =>
        {
            int changed = await runs.Where(r => r.Id == runId && (r.State == RunState.Queued || r.State == RunState.Running))
                .ExecuteUpdateAsync(set => set
                    .SetProperty(r => r.State, RunState.Cancelled)
                    .SetProperty(r => r.FailureReason, reason)
                    .SetProperty(r => r.FailureDetail, (string?)null)
                    .SetProperty(r => r.CancelRequestedAt, r => r.CancelRequestedAt ?? now)
                    .SetProperty(r => r.FinishedAt, now)
                    .SetProperty(r => r.StatusDetail, (string?)null)
                    .SetProperty(r => r.EstimatedFinishAt, (DateTimeOffset?)null), ct);
            if (changed == 0)
                await StampCancelledAsync(runs, runId, now, ct);
            return changed;
        });
    }

    /// <summary>An ended run waits for a job again (it resumes after the items it stored). False when it is still live.</summary>
    public Task<bool> RequeueAsync(ThoughtboardDbContext db, long runId, CancellationToken ct) =>
        ApplyAsync(db, runId, ct, runs => runs
            .Where(r => r.Id == runId && (r.State == RunState.Failed || r.State == RunState.Cancelled || r.State == RunState.Succeeded))
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.State, RunState.Queued)
                .SetProperty(r => r.FailureReason, (string?)null)
                .SetProperty(r => r.FailureDetail, (string?)null)
                .SetProperty(r => r.CancelRequestedAt, (DateTimeOffset?)null)
                .SetProperty(r => r.FinishedAt, (DateTimeOffset?)null)
                .SetProperty(r => r.StatusDetail, (string?)null)
                .SetProperty(r => r.EstimatedFinishAt, (DateTimeOffset?)null), ct));

    public static Task<RunState?> StateOfAsync(ThoughtboardDbContext db, long runId, CancellationToken ct) =>
        db.Runs.Where(r => r.Id == runId).Select(r => (RunState?)r.State).FirstOrDefaultAsync(ct);

    /// <summary>A run cancelled while its worker was still at it gets the time its worker stopped, once.</summary>
    private static Task<int> StampCancelledAsync(IQueryable<Run> runs, long runId, DateTimeOffset now, CancellationToken ct) =>
        runs.Where(r => r.Id == runId && r.State == RunState.Cancelled && r.FinishedAt == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.StatusDetail, (string?)null)
                .SetProperty(r => r.EstimatedFinishAt, (DateTimeOffset?)null), ct);

    /// <summary>The run's change and its submission's state commit together, inside the caller's transaction if it has one.</summary>
    private async Task<bool> ApplyAsync(ThoughtboardDbContext db, long runId, CancellationToken ct, Func<IQueryable<Run>, Task<int>> change)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            int changed = await change(db.Runs);
            if (changed > 0)
            {
                var submissionId = await db.Runs.Where(r => r.Id == runId).Select(r => r.SubmissionId).FirstOrDefaultAsync(ct);
                await SubmissionStates.UpdateAsync(db, submissionId, clock.GetUtcNow(), ct);
            }
            if (own is not null)
                await own.CommitAsync(ct);
            return changed > 0;
        }
        finally
        {
            if (own is not null)
                await own.DisposeAsync();
        }
    }
}
