using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Web.Api;
using Platform.Web.Jobs;

namespace Platform.Web.Submissions;

/// <summary>What became of a submission request.</summary>
public abstract record SubmissionOutcome
{
    /// <summary>A new submission was stored and every run enqueued.</summary>
    public sealed record Created(long SubmissionId) : SubmissionOutcome;

    /// <summary>The same requester already asked for this experiment (queued, running or done); nothing new was stored.</summary>
    public sealed record Duplicate(long SubmissionId) : SubmissionOutcome;

    /// <summary>The request is invalid; field name to messages, the shape of a validation problem.</summary>
    public sealed record Invalid(IDictionary<string, string[]> Errors) : SubmissionOutcome;

    /// <summary>Valid but refused (a quota, a cap, the job storage); nothing was stored.</summary>
    public sealed record Refused(int StatusCode, string Title, string Detail, TimeSpan? RetryAfter = null) : SubmissionOutcome;
}

/// <summary>
/// The one way a person (the submit page) or a program (<c>POST /api/submissions</c>) submits work: the request is
/// validated by <see cref="SubmissionValidation"/>, the requester's limits are applied, the submission is stored with
/// its owner and the experiment hash, and every run is enqueued, or nothing is kept.
/// </summary>
public sealed class SubmissionService(
    IDbContextFactory<ThoughtboardDbContext> contexts,
    EvaluationQueue queue,
    IOptions<ApiOptions> options,
    TimeProvider clock,
    ILogger<SubmissionService> logger)
{
    /// <param name="requester">Who asks; <see cref="Requester.CommandLine"/> (no key, no user) has no quotas.</param>
    /// <param name="idempotencyKey">The client's Idempotency-Key, kept with the submission.</param>
    public async Task<SubmissionOutcome> SubmitAsync(
        SubmitEvaluationRequest request, Requester requester, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (order, errors) = await SubmissionValidation.ValidateAsync(request, db, cancellationToken);
        if (order is null)
        {
            return new SubmissionOutcome.Invalid(errors);
        }

        Submission submission;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // One requester's submissions are decided one at a time, so two concurrent requests cannot both pass a
            // quota that has room for one. The lock ends with the transaction.
            if (requester.ApiKeyId is not null || requester.UserId is not null)
            {
                var principal = requester.ApiKeyId is { } keyId ? $"submit:key:{keyId}" : $"submit:user:{requester.UserId}";
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({principal}))", cancellationToken);
            }
            if (await EarlierAsync(db, requester, order.RequestHash, idempotencyKey, cancellationToken) is { } earlier)
            {
                return earlier;
            }
            if (await SubmissionLimits.ProblemAsync(db, requester, order, options.Value, clock, cancellationToken) is { } refused)
            {
                return refused;
            }
            var (suiteIds, styleIds) = await SubmissionCatalog.ResolveAsync(db, order.Suites, order.Styles, order.TieRule, clock, cancellationToken);
            submission = await queue.StoreAsync(db, new SubmissionRequest(
                order.Model.Id, suiteIds, styleIds, order.SettingsJson, order.Limit, order.Seed, order.Queue,
                requester.ApiKeyId, requester.UserId, idempotencyKey, order.RequestHash, order.Paraphrases), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        try
        {
            await queue.EnqueueAsync(submission);
        }
        catch (SubmissionNotQueuedException ex)
        {
            logger.LogError(ex, "Submission {SubmissionId} could not be queued and was removed", submission.Id);
            return new SubmissionOutcome.Refused(StatusCodes.Status503ServiceUnavailable, "The runs could not be queued",
                "The job queue did not accept the runs, so nothing was stored. Retry in a moment; if it persists, tell an administrator.",
                TimeSpan.FromSeconds(30));
        }
        return new SubmissionOutcome.Created(submission.Id);
    }

    /// <summary>
    /// The requester's own identical submission, still queued, running or succeeded, answers the request again; so does
    /// one made with the same Idempotency-Key (which must then be the same experiment). Other requesters' submissions
    /// are never answered with: they are private to whoever made them.
    /// </summary>
    private static async Task<SubmissionOutcome?> EarlierAsync(
        ThoughtboardDbContext db, Requester requester, string requestHash, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var mine = db.Submissions.AsNoTracking().Where(s => s.ApiKeyId == requester.ApiKeyId && s.UserId == requester.UserId);
        if (idempotencyKey is not null &&
            await mine.Where(s => s.IdempotencyKey == idempotencyKey).Select(s => new { s.Id, s.RequestHash }).FirstOrDefaultAsync(cancellationToken) is { } keyed)
        {
            return keyed.RequestHash == requestHash
                ? new SubmissionOutcome.Duplicate(keyed.Id)
                : new SubmissionOutcome.Refused(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused with another request",
                    $"The Idempotency-Key '{idempotencyKey}' made submission {keyed.Id}, a different experiment. Use a new key for a new operation.");
        }
        var duplicate = await mine
            .Where(s => s.RequestHash == requestHash &&
                        (s.State == SubmissionState.Queued || s.State == SubmissionState.Running || s.State == SubmissionState.Succeeded))
            .OrderBy(s => s.Id)
            .Select(s => (long?)s.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return duplicate is { } id ? new SubmissionOutcome.Duplicate(id) : null;
    }
}
