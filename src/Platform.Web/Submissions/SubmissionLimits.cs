using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Web.Api;

namespace Platform.Web.Submissions;

/// <summary>
/// What one requester may ask for: an API key's items per submission and submissions per UTC day, and, for keys and
/// users alike, how many runs may wait at once. Work from the command line (no requester) has no limits.
/// </summary>
internal static class SubmissionLimits
{
    public static async Task<SubmissionOutcome?> ProblemAsync(
        ThoughtboardDbContext db, Requester requester, SubmissionValidation.Normalized order, ApiOptions options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (requester.ApiKeyId is null && requester.UserId is null)
        {
            return null;
        }
        var key = requester.ApiKeyId is { } keyId ? await db.ApiKeys.AsNoTracking().FirstAsync(k => k.Id == keyId, cancellationToken) : null;
        if (key?.MaxItemsPerSubmission is { } maxItems)
        {
            if (order.Limit is not { } limit)
            {
                return Invalid($"This API key may ask for at most {maxItems} item evaluations per submission; set 'limit' (items per suite).");
            }
            var asked = (long)limit * order.Suites.Count * order.Styles.Count * order.Samples * order.Paraphrases;
            if (asked > maxItems)
            {
                return Invalid($"This submission asks for {asked} item evaluations (limit x suites x styles x samples); this API key allows {maxItems}.");
            }
        }

        var newRuns = order.Suites.Count * order.Styles.Count * order.Paraphrases;
        var live = await db.Runs.CountAsync(r =>
            (r.State == RunState.Queued || r.State == RunState.Running) &&
            r.Submission != null &&
            ((requester.ApiKeyId != null && r.Submission.ApiKeyId == requester.ApiKeyId) ||
             (requester.UserId != null && r.Submission.UserId == requester.UserId)), cancellationToken);
        if (live + newRuns > options.MaxLiveRunsPerRequester)
        {
            return new SubmissionOutcome.Refused(StatusCodes.Status429TooManyRequests, "Queue quota exceeded",
                $"You have {live} runs queued or running and this submission adds {newRuns}; at most {options.MaxLiveRunsPerRequester} may wait at once. " +
                "Wait for some to finish or cancel some.");
        }

        if (key?.DailySubmissionQuota is { } quota)
        {
            var now = clock.GetUtcNow();
            var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
            var today = await db.Submissions.CountAsync(s => s.ApiKeyId == key.Id && s.CreatedAt >= dayStart, cancellationToken);
            if (today >= quota)
            {
                return new SubmissionOutcome.Refused(StatusCodes.Status429TooManyRequests, "Daily submission quota exceeded",
                    $"API key '{key.Name}' may make {quota} submissions per UTC day and has made {today}; the quota resets at {dayStart.AddDays(1):u}.",
                    dayStart.AddDays(1) - now);
            }
        }
        return null;
    }

    private static SubmissionOutcome.Invalid Invalid(string message) =>
        new(new Dictionary<string, string[]> { ["limit"] = [message] });
}
