using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Web.Auth;
using Platform.Web.Jobs;
using Platform.Web.Leaderboard;

namespace Platform.Web.Api;

/// <summary>One run of a submission as the submitter follows it: progress, timing and, when it failed, why.</summary>
public sealed record RunResponse(
    long Id,
    long? SubmissionId,
    string Model,
    string Suite,
    string SuiteVersion,
    string Style,
    RunState State,
    int ItemsDone,
    int ItemsTotal,
    int ItemErrors,
    double Progress,
    string? FailureReason,
    string? StatusDetail,
    string? Worker,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? TokensPerSecond,
    double? AccuracyStrict,
    double? AccuracyFlexible,
    string? FailureDetail = null);

/// <summary>
/// A submission and its runs. <see cref="DuplicateOf"/> is set when the request matched an existing submission
/// (same model file, suites, styles and settings) and was answered with it instead of running again.
/// </summary>
public sealed record SubmissionResponse(
    long Id,
    SubmissionState State,
    string Model,
    IReadOnlyList<string> Suites,
    IReadOnlyList<string> Styles,
    DecodingSettings Settings,
    int? Limit,
    long Seed,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    long? DuplicateOf,
    IReadOnlyList<RunResponse> Runs);

public sealed record SubmissionPage(IReadOnlyList<SubmissionResponse> Submissions, int Total, int Page, int PageSize);

public static class SubmissionsApi
{
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapSubmissionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/submissions").WithTags("Submissions").RequireAuthorization(ThoughtboardPolicies.Submitter);
        group.MapPost("/", SubmitAsync).WithName("SubmitEvaluation")
            .WithSummary("Submits an evaluation of a model on suites x styles; an identical earlier submission is returned instead of a new one.");
        group.MapGet("/", ListAsync).WithName("ListSubmissions").WithSummary("Lists your submissions (all of them for an administrator), newest first.");
        group.MapGet("/{id:long}", GetAsync).WithName("GetSubmission").WithSummary("Reads a submission with its runs and their progress.");
        group.MapPost("/{id:long}/cancel", CancelAsync).WithName("CancelSubmission").WithSummary("Cancels the unfinished runs of a submission.");
        return group;
    }

    internal static async Task<Results<Created<SubmissionResponse>, Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        SubmitEvaluationRequest request,
        HttpContext context,
        IDbContextFactory<ThoughtboardDbContext> dbFactory,
        EvaluationQueue queue,
        IOptions<ApiOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var requester = Requester.From(context.User);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (order, errors) = await SubmissionValidation.ValidateAsync(request, db, cancellationToken);
        if (order is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The evaluation request is not valid");
        }

        var duplicate = await db.Submissions.AsNoTracking()
            .Where(s => s.RequestHash == order.RequestHash &&
                        (s.State == SubmissionState.Queued || s.State == SubmissionState.Running || s.State == SubmissionState.Succeeded))
            .OrderBy(s => s.Id)
            .Select(s => (long?)s.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (duplicate is { } existingId)
        {
            var existing = await LoadAsync(db, existingId, cancellationToken);
            return TypedResults.Ok(existing! with { DuplicateOf = existingId });
        }

        var key = requester.ApiKeyId is { } keyId ? await db.ApiKeys.AsNoTracking().FirstAsync(k => k.Id == keyId, cancellationToken) : null;
        if (key?.MaxItemsPerSubmission is { } maxItems)
        {
            if (order.Limit is not { } limit)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["limit"] = [$"This API key may ask for at most {maxItems} item evaluations per submission; set 'limit' (items per suite)."],
                });
            }
            var asked = (long)limit * order.Suites.Count * order.Styles.Count * order.Samples;
            if (asked > maxItems)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["limit"] = [$"This submission asks for {asked} item evaluations (limit x suites x styles x samples); this API key allows {maxItems}."],
                });
            }
        }
        if (await QuotaProblemAsync(db, requester, key, order.Suites.Count * order.Styles.Count, options.Value, clock, context, cancellationToken) is { } quota)
        {
            return quota;
        }

        var (suiteIds, styleIds) = await SubmissionCatalog.ResolveAsync(db, order.Suites, order.Styles, clock, cancellationToken);
        var idempotencyKey = context.Request.Headers[IdempotencyMiddleware.HeaderName].ToString() is { Length: > 0 } header ? header.Trim() : null;
        Submission submission;
        try
        {
            submission = await queue.SubmitAsync(new SubmissionRequest(
                order.Model.Id, suiteIds, styleIds, order.SettingsJson, order.Limit, order.Seed, order.Queue,
                requester.ApiKeyId, requester.UserId, idempotencyKey), cancellationToken);
        }
        catch (SubmissionValidationException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors, title: "The evaluation request is not valid");
        }
        // Duplicates are recognised by the API's hash, which names the model by its file's SHA-256 and the suites
        // and styles by their specs, so one experiment is one hash however it was written.
        await db.Submissions.Where(s => s.Id == submission.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.RequestHash, order.RequestHash), cancellationToken);
        db.ChangeTracker.Clear();
        var created = await LoadAsync(db, submission.Id, cancellationToken);
        return TypedResults.Created($"/api/submissions/{submission.Id}", created!);
    }

    internal static async Task<Results<Ok<SubmissionPage>, ValidationProblem>> ListAsync(
        HttpContext context, IDbContextFactory<ThoughtboardDbContext> dbFactory, CancellationToken cancellationToken, int page = 1, int pageSize = 20)
    {
        if (page is < 1 or > Paging.MaxPage || pageSize is < 1 or > MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["page"] = [$"page is between 1 and {Paging.MaxPage} and pageSize between 1 and {MaxPageSize}."],
            });
        }
        var requester = Requester.From(context.User);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mine = db.Submissions.AsNoTracking().Where(s =>
            requester.IsAdmin ||
            (requester.ApiKeyId != null && s.ApiKeyId == requester.ApiKeyId) ||
            (requester.UserId != null && s.UserId == requester.UserId));
        var total = await mine.CountAsync(cancellationToken);
        var ids = await mine.OrderByDescending(s => s.Id).Skip((page - 1) * pageSize).Take(pageSize).Select(s => s.Id).ToListAsync(cancellationToken);
        var submissions = new List<SubmissionResponse>();
        foreach (var id in ids)
        {
            submissions.Add((await LoadAsync(db, id, cancellationToken))!);
        }
        return TypedResults.Ok(new SubmissionPage(submissions, total, page, pageSize));
    }

    internal static async Task<Results<Ok<SubmissionResponse>, NotFound>> GetAsync(
        long id, IDbContextFactory<ThoughtboardDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var submission = await LoadAsync(db, id, cancellationToken);
        return submission is null ? TypedResults.NotFound() : TypedResults.Ok(submission);
    }

    internal static async Task<Results<Accepted<SubmissionResponse>, NotFound, ProblemHttpResult>> CancelAsync(
        long id, HttpContext context, IDbContextFactory<ThoughtboardDbContext> dbFactory, EvaluationQueue queue, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var submission = await db.Submissions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (submission is null)
        {
            return TypedResults.NotFound();
        }
        var requester = Requester.From(context.User);
        if (!requester.IsAdmin && !requester.Owns(submission))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your submission",
                detail: $"Submission {id} was made by another API key or user; only they or an administrator can cancel it.");
        }
        if (submission.State is not (SubmissionState.Queued or SubmissionState.Running))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Submission already finished",
                detail: $"Submission {id} is {submission.State}; only queued or running submissions can be cancelled.");
        }
        await queue.CancelSubmissionAsync(id, cancellationToken);
        db.ChangeTracker.Clear();
        return TypedResults.Accepted($"/api/submissions/{id}", (await LoadAsync(db, id, cancellationToken))!);
    }

    /// <summary>
    /// Live runs are capped per requester so one client cannot fill the queue; an API key's daily quota limits
    /// how many submissions it makes per UTC day.
    /// </summary>
    private static async Task<ProblemHttpResult?> QuotaProblemAsync(
        ThoughtboardDbContext db, Requester requester, ApiKey? key, int newRuns, ApiOptions options, TimeProvider clock,
        HttpContext context, CancellationToken cancellationToken)
    {
        var live = await db.Runs.CountAsync(r =>
            (r.State == RunState.Queued || r.State == RunState.Running) &&
            r.Submission != null &&
            ((requester.ApiKeyId != null && r.Submission.ApiKeyId == requester.ApiKeyId) ||
             (requester.UserId != null && r.Submission.UserId == requester.UserId)), cancellationToken);
        if (live + newRuns > options.MaxLiveRunsPerRequester)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Queue quota exceeded",
                detail: $"You have {live} runs queued or running and this submission adds {newRuns}; at most {options.MaxLiveRunsPerRequester} may wait at once. " +
                        "Wait for some to finish or cancel some.");
        }
        if (key?.DailySubmissionQuota is { } quota)
        {
            var now = clock.GetUtcNow();
            var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
            var today = await db.Submissions.CountAsync(s => s.ApiKeyId == key.Id && s.CreatedAt >= dayStart, cancellationToken);
            if (today >= quota)
            {
                var retryAfter = (int)Math.Ceiling((dayStart.AddDays(1) - now).TotalSeconds);
                context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Daily submission quota exceeded",
                    detail: $"API key '{key.Name}' may make {quota} submissions per UTC day and has made {today}; the quota resets at {dayStart.AddDays(1):u}.");
            }
        }
        return null;
    }

    internal static async Task<SubmissionResponse?> LoadAsync(ThoughtboardDbContext db, long id, CancellationToken cancellationToken)
    {
        var submission = await db.Submissions.AsNoTracking()
            .Include(s => s.Model)
            .Include(s => s.Suites)
            .Include(s => s.Styles)
            .AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (submission is null)
        {
            return null;
        }
        var runs = await RunsApi.LoadRunsAsync(db, r => r.SubmissionId == id, cancellationToken);
        return new SubmissionResponse(
            submission.Id,
            submission.State,
            submission.Model.Name,
            submission.Suites.Select(s => s.Name).Order(StringComparer.Ordinal).ToList(),
            submission.Styles.Select(s => LeaderboardQuery.StyleLabel(s.Name, s.ParametersJson)).Order(StringComparer.Ordinal).ToList(),
            ReadSettings(submission.DecodingSettingsJson),
            submission.ItemLimit,
            submission.Seed,
            submission.CreatedAt,
            submission.FinishedAt,
            null,
            runs);
    }

    internal static DecodingSettings ReadSettings(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<DecodingSettings>(json, JsonSerializerOptions.Web) ?? new DecodingSettings();
        }
        catch (JsonException)
        {
            return new DecodingSettings();
        }
    }
}
