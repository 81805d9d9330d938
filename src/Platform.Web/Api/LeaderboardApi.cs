using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Data.Entities;
using Platform.Web.Leaderboard;

namespace Platform.Web.Api;

public static class LeaderboardApi
{
    public static RouteGroupBuilder MapLeaderboardApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/leaderboard").WithTags("Leaderboard").AllowAnonymous();
        group.MapGet("/", GetAsync).WithName("GetLeaderboard")
            .WithSummary("The leaderboard as JSON: the latest successful run of each model x suite x style, filtered and sorted like the page.");
        group.MapGet("/facets", FacetsAsync).WithName("GetLeaderboardFacets")
            .WithSummary("The values each leaderboard filter can take.");
        return group;
    }

    /// <param name="size">Parameter count in billions: 1-8, 8- (at least 8) or -1 (at most 1).</param>
    /// <param name="sort">accuracy (default), wilsonLow, tokensPerCorrect, noAnswerRate, latency, throughput, model or recent.</param>
    /// <param name="mode">strict (default: only answers in the requested format count) or flexible.</param>
    internal static async Task<Results<Ok<LeaderboardPage>, ValidationProblem>> GetAsync(
        LeaderboardQuery leaderboard,
        CancellationToken cancellationToken,
        string? suite = null,
        string? taskType = null,
        string? style = null,
        string? family = null,
        string? size = null,
        string? quantization = null,
        string? q = null,
        string? sort = null,
        string? mode = null,
        int page = 1,
        int pageSize = LeaderboardFilter.DefaultPageSize)
    {
        var filter = LeaderboardFilter.Parse(
            new LeaderboardParameters(suite, taskType, style, family, size, quantization, q, sort, mode, page, pageSize), out var errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await leaderboard.RunAsync(filter, cancellationToken));
    }

    internal static async Task<Ok<LeaderboardFacets>> FacetsAsync(LeaderboardQuery leaderboard, CancellationToken cancellationToken) =>
        TypedResults.Ok(await leaderboard.FacetsAsync(cancellationToken));
}
