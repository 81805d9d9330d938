using Hangfire;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Web.Auth;
using Platform.Web.Jobs;

namespace Platform.Web.Components.Admin;

/// <summary>
/// The admin console's buttons: plain HTML form posts (they work without script) that act and redirect back to
/// the console with a notice. Every one requires the Admin policy and a valid anti-forgery token.
/// </summary>
public static class AdminEndpoints
{
    public const string HangfireDashboardPath = "/admin/hangfire";

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var actions = endpoints.MapGroup("/admin").RequireAuthorization(ThoughtboardPolicies.Admin).RequireFormToken();
        actions.MapPost("/runs/{runId:long}/cancel", CancelAsync);
        actions.MapPost("/runs/{runId:long}/retry", RetryAsync);
        actions.MapPost("/runs/{runId:long}/delete", DeleteAsync);
        actions.MapPost("/keys/{keyId:long}/revoke", RevokeKeyAsync);
        endpoints.MapAdminUserEndpoints();
        endpoints.MapHangfireDashboardWithAuthorizationPolicy(ThoughtboardPolicies.Admin, HangfireDashboardPath);
        return endpoints;
    }

    private static async Task<RedirectHttpResult> CancelAsync(
        long runId, [FromForm] string? returnUrl, EvaluationQueue queue, CancellationToken cancellationToken)
    {
        var notice = await queue.CancelRunAsync(runId, cancellationToken) switch
        {
            CancelOutcome.Cancelled => $"Run {runId} cancelled.",
            CancelOutcome.AlreadyFinished => $"Run {runId} had already finished; nothing was cancelled.",
            _ => $"There is no run {runId}.",
        };
        return Back(returnUrl, notice);
    }

    private static async Task<RedirectHttpResult> RetryAsync(
        long runId, [FromForm] string? returnUrl, EvaluationQueue queue, CancellationToken cancellationToken)
    {
        var notice = await queue.RetryRunAsync(runId, cancellationToken) switch
        {
            RetryOutcome.Requeued => $"Run {runId} queued again; it resumes after the items it already stored.",
            RetryOutcome.StillLive => $"Run {runId} is still queued or running; cancel it before retrying.",
            _ => $"There is no run {runId}.",
        };
        return Back(returnUrl, notice);
    }

    /// <summary>Deletes a finished run with its results and aggregates; a live run must be cancelled first, so no worker writes into a deleted run.</summary>
    private static async Task<RedirectHttpResult> DeleteAsync(
        long runId, [FromForm] string? returnUrl, IDbContextFactory<ThoughtboardDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var state = await db.Runs.Where(r => r.Id == runId).Select(r => (RunState?)r.State).FirstOrDefaultAsync(cancellationToken);
        string notice;
        if (state is null)
        {
            notice = $"There is no run {runId}.";
        }
        else if (state is RunState.Queued or RunState.Running)
        {
            notice = $"Run {runId} is {state.ToString()!.ToLowerInvariant()}; cancel it before deleting it.";
        }
        else
        {
            var deleted = await db.Runs
                .Where(r => r.Id == runId && r.State != RunState.Queued && r.State != RunState.Running)
                .ExecuteDeleteAsync(cancellationToken);
            notice = deleted == 1 ? $"Run {runId} deleted with its results." : $"Run {runId} was requeued meanwhile and was not deleted.";
        }
        return Back(returnUrl, notice);
    }

    private static async Task<RedirectHttpResult> RevokeKeyAsync(
        long keyId, [FromForm] string? returnUrl, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var revoked = await keys.RevokeAsync(keyId, cancellationToken);
        return Back(returnUrl ?? "/admin/keys", revoked is null ? $"There is no API key {keyId}." : $"API key {revoked.Prefix}… revoked.");
    }

    /// <summary>
    /// Checks the anti-forgery token in the handler instead of during form binding, so a post without one gets a
    /// 400 that says what is wrong. (A bare 400 from binding would be re-executed by the status code pages as the
    /// same form post, which fails a second time as a 500.)
    /// </summary>
    public static TBuilder RequireFormToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.DisableAntiforgery().AddEndpointFilter(async (context, next) =>
        {
            var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
            return await antiforgery.IsRequestValidAsync(context.HttpContext)
                ? await next(context)
                : TypedResults.BadRequest(
                    "This form was sent without a valid anti-forgery token, so nothing was changed. Reload the page and try again.");
        });

    /// <summary>Back to the console page the button was on (only local paths are followed), with the notice.</summary>
    private static RedirectHttpResult Back(string? returnUrl, string notice)
    {
        var target = RemoveNotice(LocalReturnUrl.OrDefault(returnUrl, "/admin"));
        var separator = target.Contains('?') ? '&' : '?';
        return TypedResults.LocalRedirect($"{target}{separator}notice={Uri.EscapeDataString(notice)}");
    }

    private static string RemoveNotice(string url)
    {
        var index = url.IndexOf("notice=", StringComparison.Ordinal);
        return index < 0 ? url : url[..index].TrimEnd('&', '?');
    }
}
