using Hangfire.States;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Data.Jobs;
using Platform.Jobs.Runs;

namespace Platform.Worker.Jobs;

/// <summary>
/// When Hangfire gives up on a run's job (its retries are spent), the run must not stay "running" forever:
/// this marks it failed. The last exception's message may name the worker's paths, so it is the run's detail, for its
/// submitter and administrators; the public reads <see cref="RunFailureReasons.JobFailed"/>.
/// </summary>
public sealed class RunFailureFilter(IDbContextFactory<ThoughtboardDbContext> contexts, ILogger<RunFailureFilter> logger) : IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is not FailedState failed || context.BackgroundJob.Job?.Type != typeof(IRunJob)
            || context.BackgroundJob.Job.Args.FirstOrDefault() is not long runId)
            return;
        string detail = $"The job failed after its retries: {failed.Exception.GetType().Name}: {failed.Exception.Message}";
        try
        {
            using var db = contexts.CreateDbContext();
            var now = DateTimeOffset.UtcNow;
            db.Runs.Where(r => r.Id == runId && (r.State == RunState.Queued || r.State == RunState.Running))
                .ExecuteUpdate(set => set.SetProperty(r => r.State, RunState.Failed).SetProperty(r => r.FailureReason, RunFailureReasons.JobFailed)
                    .SetProperty(r => r.FailureDetail, detail)
                    .SetProperty(r => r.FinishedAt, now).SetProperty(r => r.StatusDetail, (string?)null)
                    .SetProperty(r => r.EstimatedFinishAt, (DateTimeOffset?)null));
            var submissionId = db.Runs.Where(r => r.Id == runId).Select(r => r.SubmissionId).FirstOrDefault();
            SubmissionStates.UpdateAsync(db, submissionId, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (DatabaseRetry.IsTransient(ex))
        {
            logger.LogError("Run {RunId} failed in Hangfire but could not be marked failed: {Message}", runId, ex.Message);
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
