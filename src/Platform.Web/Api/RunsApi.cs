using System.Linq.Expressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Data.Runs;
using Platform.Web.Auth;
using Platform.Web.Leaderboard;

namespace Platform.Web.Api;

/// <summary>One answer of a run, with both verdicts and what was extracted, so any score can be checked by hand.</summary>
public sealed record ItemResultResponse(
    string Item,
    int Level,
    int SampleIndex,
    string Target,
    Verdict VerdictStrict,
    Verdict VerdictFlexible,
    string? ExtractedAnswerStrict,
    string? ExtractedAnswerFlexible,
    string? ExtractionMethod,
    bool Truncated,
    string? Error,
    int TokensIn,
    int TokensOut,
    double LatencyMs,
    string RawOutput);

public sealed record ItemResultPage(IReadOnlyList<ItemResultResponse> Items, int Total, int Page, int PageSize);

public static class RunsApi
{
    public const int MaxPageSize = 200;

    public static RouteGroupBuilder MapRunsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/runs").WithTags("Runs").RequireAuthorization(ThoughtboardPolicies.Submitter);
        group.MapGet("/{id:long}", GetAsync).WithName("GetRun").WithSummary("Reads one run: state, progress, failure reason, throughput.");
        group.MapGet("/{id:long}/items", ItemsAsync).WithName("GetRunItems")
            .WithSummary("Pages through a run's item results, optionally only one verdict (correct, incorrect, noanswer) or level.");
        return group;
    }

    internal static async Task<Results<Ok<RunResponse>, NotFound>> GetAsync(
        long id, HttpContext context, IDbContextFactory<ThoughtboardDbContext> dbFactory, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runs = await LoadRunsAsync(db, r => r.Id == id, Requester.From(context.User), cancellationToken, clock);
        return runs.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(runs[0]);
    }

    /// <param name="verdict">correct, incorrect or noanswer.</param>
    /// <param name="mode">Which verdict the filter reads: strict (default) or flexible.</param>
    internal static async Task<Results<Ok<ItemResultPage>, NotFound, ValidationProblem, ProblemHttpResult>> ItemsAsync(
        long id,
        HttpContext context,
        IDbContextFactory<ThoughtboardDbContext> dbFactory,
        CancellationToken cancellationToken,
        string? verdict = null,
        int? level = null,
        string? mode = null,
        int page = 1,
        int pageSize = 50)
    {
        var errors = new Dictionary<string, string[]>();
        Verdict? wanted = null;
        if (verdict is not null)
        {
            if (Enum.TryParse<Verdict>(verdict.Replace("-", "").Replace("_", ""), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                wanted = parsed;
            }
            else
            {
                errors["verdict"] = [$"'{verdict}' is not a verdict; use correct, incorrect or noanswer."];
            }
        }
        var scoring = ScoringModes.Parse(mode, out var modeProblem);
        if (modeProblem is not null)
        {
            errors["mode"] = [modeProblem];
        }
        if (Paging.Problem(page) is { } pageError)
        {
            errors["page"] = [pageError];
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var viewer = Requester.From(context.User);
        var found = await db.Runs.Where(r => r.Id == id).AsNoTracking()
            .Select(r => new { r.Suite, r.State, OwnerKey = r.Submission == null ? null : r.Submission.ApiKeyId, OwnerUser = r.Submission == null ? null : r.Submission.UserId })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || !viewer.MaySeeRun(found.State, found.OwnerKey, found.OwnerUser))
        {
            return TypedResults.NotFound();
        }
        var suite = found.Suite;
        if (!viewer.MaySeeItemsOf(suite))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Private suite",
                detail: $"Run {id} is on the private suite {suite.Name}: its prompts, targets and outputs are shown to administrators only. " +
                    "GET /api/runs/{id} has its aggregates.");
        }
        var results = db.ItemResults.AsNoTracking().Where(r => r.RunId == id);
        if (wanted is { } v)
        {
            results = scoring == ScoringMode.Strict ? results.Where(r => r.VerdictStrict == v) : results.Where(r => r.VerdictFlexible == v);
        }
        if (level is { } l)
        {
            results = results.Where(r => r.Item.Level == l);
        }
        var total = await results.CountAsync(cancellationToken);
        var items = await results
            .OrderBy(r => r.Item.Position).ThenBy(r => r.SampleIndex)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(r => new ItemResultResponse(
                r.Item.Key, r.Item.Level, r.SampleIndex, r.Item.Target, r.VerdictStrict, r.VerdictFlexible,
                r.ExtractedAnswerStrict, r.ExtractedAnswerFlexible, r.ExtractionMethod, r.Truncated, r.Error,
                r.TokensIn, r.TokensOut, r.LatencyMs, r.RawOutput))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ItemResultPage(items, total, page, pageSize));
    }

    /// <param name="viewer">
    /// Who reads: an unfinished run is left out unless they submitted it or are an administrator, and the submission id and
    /// <see cref="Run.FailureDetail"/> are included for administrators and the run's submitter only.
    /// </param>
    /// <param name="clock">Judges whether a running run's worker is gone: its status detail then says it waits for a worker
    /// (<see cref="RunLiveness"/>).</param>
    internal static async Task<List<RunResponse>> LoadRunsAsync(
        ThoughtboardDbContext db, Expression<Func<Run, bool>> filter, Requester viewer, CancellationToken cancellationToken,
        TimeProvider? clock = null)
    {
        var rows = await db.Runs.AsNoTracking().Where(filter).OrderBy(r => r.Id)
            .Select(r => new
            {
                r.Id, r.SubmissionId, Model = r.Model.Name, Suite = r.Suite.Name, SuiteVersion = r.Suite.Version,
                r.StyleLabel, r.State, r.ItemsDone, r.ItemsTotal, r.ItemErrors,
                r.FailureReason, r.FailureDetail, r.StatusDetail, r.WorkerName, r.CreatedAt, r.StartedAt, r.FinishedAt, r.TokensPerSecond,
                r.HeartbeatAt, OwnerKey = r.Submission == null ? null : r.Submission.ApiKeyId, OwnerUser = r.Submission == null ? null : r.Submission.UserId,
                Strict = r.Aggregates.Where(a => a.Level == null && a.Mode == ScoringMode.Strict).Select(a => (double?)a.Accuracy).FirstOrDefault(),
                Flexible = r.Aggregates.Where(a => a.Level == null && a.Mode == ScoringMode.Flexible).Select(a => (double?)a.Accuracy).FirstOrDefault(),
                r.ChatTemplatePath, r.ChatTemplateFallbackItems, r.ChatTemplateSha256, r.PromptDate, r.DecodingSettingsJson,
                r.Engine, r.EngineBuild,
            })
            .ToListAsync(cancellationToken);
        var visible = rows.Where(r => viewer.MaySeeRun(r.State, r.OwnerKey, r.OwnerUser)).ToList();
        var workers = await RunLiveness.WorkerHeartbeatsAsync(db, visible.Where(r => r.State == RunState.Running).Select(r => r.WorkerName), cancellationToken);
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        return visible.Select(r =>
        {
            var waiting = RunLiveness.WaitingForWorker(
                r.State, r.WorkerName is { } worker && workers.TryGetValue(worker, out var seen) ? seen : null, r.HeartbeatAt, now);
            bool mine = viewer.MaySeeDetailOf(r.OwnerKey, r.OwnerUser);
            return new RunResponse(
                r.Id, mine ? r.SubmissionId : null, r.Model, r.Suite, r.SuiteVersion, r.StyleLabel, r.State,
                r.ItemsDone, r.ItemsTotal, r.ItemErrors, r.ItemsTotal > 0 ? Math.Round((double)r.ItemsDone / r.ItemsTotal, 4) : 0,
                r.FailureReason, waiting ?? r.StatusDetail, r.WorkerName, r.CreatedAt, r.StartedAt, r.FinishedAt, r.TokensPerSecond, r.Strict, r.Flexible,
                mine ? r.FailureDetail : null,
                new RunChatTemplate(r.ChatTemplatePath, r.ChatTemplateFallbackItems, r.ChatTemplateSha256, r.PromptDate,
                    RunChatTemplate.ArgumentsOf(r.DecodingSettingsJson)),
                new RunEngine(r.Engine, r.EngineBuild));
        }).ToList();
    }
}
