using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;

namespace Platform.Jobs.Runs;

/// <summary>A submission's state follows its runs; both the worker and the cancel/retry service call this after changing a run.</summary>
public static class SubmissionStates
{
    public static SubmissionState Derive(IReadOnlyCollection<RunState> runs)
    {
        if (runs.Count == 0 || runs.All(s => s == RunState.Queued))
            return SubmissionState.Queued;
        if (runs.Any(s => s is RunState.Queued or RunState.Running))
            return SubmissionState.Running;
        if (runs.Any(s => s == RunState.Failed))
            return SubmissionState.Failed;
        if (runs.Any(s => s == RunState.Cancelled))
            return SubmissionState.Cancelled;
        return SubmissionState.Succeeded;
    }

    public static async Task UpdateAsync(ThoughtboardDbContext db, long? submissionId, CancellationToken cancellationToken)
    {
        if (submissionId is not long id)
            return;
        var runs = await db.Runs.Where(r => r.SubmissionId == id).Select(r => r.State).ToListAsync(cancellationToken);
        var state = Derive(runs);
        bool final = state is SubmissionState.Succeeded or SubmissionState.Failed or SubmissionState.Cancelled;
        await db.Submissions.Where(s => s.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.State, state)
            .SetProperty(s => s.FinishedAt, s => final ? s.FinishedAt ?? DateTimeOffset.UtcNow : null), cancellationToken);
    }
}
