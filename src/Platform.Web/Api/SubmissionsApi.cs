using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Web.Auth;
using Platform.Web.Jobs;
using Platform.Web.Leaderboard;
using Platform.Web.Submissions;

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
    string? FailureDetail = null,
    RunChatTemplate? ChatTemplate = null,
    RunEngine? Engine = null);

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
        SubmissionService submissions,
        CancellationToken cancellationToken)
    {
        var idempotencyKey = context.Request.Headers[IdempotencyMiddleware.HeaderName].ToString() is { Length: > 0 } header ? header.Trim() : null;
        var requester = Requester.From(context.User);
        var outcome = await submissions.SubmitAsync(request, requester, idempotencyKey, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        switch (outcome)
        {
            case SubmissionOutcome.Created created:
                return TypedResults.Created($"/api/submissions/{created.SubmissionId}", (await LoadAsync(db, created.SubmissionId, requester, cancellationToken))!);
            case SubmissionOutcome.Duplicate duplicate:
                return TypedResults.Ok((await LoadAsync(db, duplicate.SubmissionId, requester, cancellationToken))! with { DuplicateOf = duplicate.SubmissionId });
            case SubmissionOutcome.Invalid invalid:
                return TypedResults.ValidationProblem(invalid.Errors, title: "The evaluation request is not valid");
            case SubmissionOutcome.Refused refused:
                if (refused.RetryAfter is { } wait)
                {
                    context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                return TypedResults.Problem(statusCode: refused.StatusCode, title: refused.Title, detail: refused.Detail);
            default:
                throw new InvalidOperationException($"Unknown submission outcome {outcome}.");
        }
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
            submissions.Add((await LoadAsync(db, id, requester, cancellationToken))!);
        }
        return TypedResults.Ok(new SubmissionPage(submissions, total, page, pageSize));
    }

    /// <summary>Another requester's submission is answered like a missing one (404), so ids cannot be probed.</summary>
    internal static async Task<Results<Ok<SubmissionResponse>, NotFound>> GetAsync(
        long id, HttpContext context, IDbContextFactory<ThoughtboardDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owner = await db.Submissions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (owner is null || !Requester.From(context.User).MaySee(owner))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok((await LoadAsync(db, id, Requester.From(context.User), cancellationToken))!);
    }

    internal static async Task<Results<Accepted<SubmissionResponse>, NotFound, ProblemHttpResult>> CancelAsync(
        long id, HttpContext context, IDbContextFactory<ThoughtboardDbContext> dbFactory, EvaluationQueue queue, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var submission = await db.Submissions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (submission is null || !Requester.From(context.User).MaySee(submission))
        {
            return TypedResults.NotFound();
        }
        if (submission.State is not (SubmissionState.Queued or SubmissionState.Running))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Submission already finished",
                detail: $"Submission {id} is {submission.State}; only queued or running submissions can be cancelled.");
        }
        await queue.CancelSubmissionAsync(id, cancellationToken);
        db.ChangeTracker.Clear();
        return TypedResults.Accepted($"/api/submissions/{id}", (await LoadAsync(db, id, Requester.From(context.User), cancellationToken))!);
    }

    /// <param name="viewer">The submitter or an administrator (the callers checked): the runs carry their failure detail for them.</param>
    internal static async Task<SubmissionResponse?> LoadAsync(ThoughtboardDbContext db, long id, Requester viewer, CancellationToken cancellationToken)
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
        var runs = await RunsApi.LoadRunsAsync(db, r => r.SubmissionId == id, viewer, cancellationToken);
        var styleLabels = await db.Runs.Where(r => r.SubmissionId == id).Select(r => r.StyleLabel).Distinct().ToListAsync(cancellationToken);
        return new SubmissionResponse(
            submission.Id,
            submission.State,
            submission.Model.Name,
            submission.Suites.Select(s => s.Name).Order(StringComparer.Ordinal).ToList(),
            styleLabels.Order(StringComparer.Ordinal).ToList(),
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
