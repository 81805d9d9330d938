using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Evaluation.Metrics;
using Platform.Web.Auth;
using Platform.Web.Leaderboard;

namespace Platform.Web.Api;

/// <param name="Lower">2.5% quantile of the bootstrap means.</param>
/// <param name="Upper">97.5% quantile of the bootstrap means.</param>
public sealed record CurvePointResponse(int K, double Value, double Lower, double Upper);

/// <param name="TieRule">first or none: how the curve, like the run's vote, counts a tie.</param>
/// <param name="Unreadable">Scored items whose transcript lacks the K sample outputs; left out.</param>
public sealed record SamplingCurveResponse(
    long RunId, int Samples, string TieRule, int Items, int Unreadable,
    IReadOnlyList<CurvePointResponse> MajorityAtK, IReadOnlyList<CurvePointResponse> PassAtK);

/// <summary><c>GET /api/runs/{id}/sampling</c>: the maj@k and pass@k curves the run page shows for a voted run.</summary>
public static class SamplingApi
{
    public static RouteGroupBuilder MapSamplingApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/runs").WithTags("Runs").RequireAuthorization(ThoughtboardPolicies.Submitter);
        group.MapGet("/{id:long}/sampling", GetAsync).WithName("GetRunSamplingCurves")
            .WithSummary("maj@k and pass@k for k = 1..K of a run that voted over K samples, with 95% bootstrap intervals.");
        return group;
    }

    internal static async Task<Results<Ok<SamplingCurveResponse>, NotFound<string>>> GetAsync(
        long id, HttpContext context, IDbContextFactory<ThoughtboardDbContext> dbFactory, SamplingCurveQuery query,
        CancellationToken cancellationToken)
    {
        // The same visibility as GET /api/runs/{id}: a run the requester may not read is not found.
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if ((await RunsApi.LoadRunsAsync(db, r => r.Id == id, Requester.From(context.User), cancellationToken)).Count == 0)
            {
                return TypedResults.NotFound($"There is no run {id}.");
            }
        }
        if (await query.FindAsync(id, cancellationToken) is not { } found)
        {
            return TypedResults.NotFound($"Run {id} does not vote over several samples, so it has no maj@k or pass@k.");
        }
        var curve = found.Curve;
        return TypedResults.Ok(new SamplingCurveResponse(id, found.Samples, found.TieRule == VoteTieRule.None ? "none" : "first",
            curve?.Items ?? 0, found.Unreadable, Points(curve?.MajorityAtK), Points(curve?.PassAtK)));
    }

    private static IReadOnlyList<CurvePointResponse> Points(IReadOnlyList<CurvePoint>? points) =>
        points?.Select(p => new CurvePointResponse(p.K, p.Value, p.Interval95.Lower, p.Interval95.Upper)).ToList() ?? [];
}
