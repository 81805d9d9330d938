using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Platform.Web.Auth;

/// <summary>
/// Refuses Bearer requests from a client address that has failed Bearer authentication too often, with 429 and
/// Retry-After, before authentication runs: a guessing client costs no database query. Failures are counted by
/// <see cref="ApiKeyAuthenticationHandler"/>; the address is the connection's, or the one a trusted proxy forwarded.
/// </summary>
public sealed class BearerFailureGuard(IOptions<SecurityOptions> options, TimeProvider clock)
{
    private readonly FailureTally _tally = new(options.Value.BearerFailuresPerMinute, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), clock);

    public void RecordFailure(HttpContext context) => _tally.RecordFailure(AddressOf(context));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && _tally.BlockedFor(AddressOf(context)) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many failed authentications",
                    Detail = $"Too many requests from this address carried an invalid API key; retry in {seconds} s with a valid one.",
                },
            });
            return;
        }
        await next(context);
    }

    private static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
