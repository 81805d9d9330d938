using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Data.Security;

namespace Platform.Web.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer tb_...</c> against the stored prefix and SHA-256 hash. A failed
/// attempt answers 401 with a problem document that says why (unknown, malformed or revoked key), and counts
/// against the client address in <see cref="BearerFailureGuard"/>, which refuses it further tries for a while.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<ThoughtboardDbContext> dbFactory,
    IProblemDetailsService problemDetails,
    TimeProvider clock,
    BearerFailureGuard guard)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var presented = header["Bearer ".Length..].Trim();
        if (!ApiKeyTokens.TryGetPrefix(presented, out var prefix))
        {
            guard.RecordFailure(Context);
            return AuthenticateResult.Fail("The Bearer token is not a Thoughtboard API key (they look like tb_<12 hex digits>_<secret>).");
        }

        await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == prefix, Context.RequestAborted);
        if (key is null || !ApiKeyTokens.Matches(presented, key.KeyHash))
        {
            guard.RecordFailure(Context);
            return AuthenticateResult.Fail("Unknown API key. Check that the whole key was copied; an administrator can issue a new one.");
        }
        if (key.RevokedAt is { } revoked)
        {
            guard.RecordFailure(Context);
            return AuthenticateResult.Fail($"API key '{key.Name}' ({key.Prefix}) was revoked at {revoked:u}. Ask an administrator for a new key.");
        }

        var now = clock.GetUtcNow();
        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, $"api-key:{key.Id}"),
            new(ClaimTypes.Name, key.Name),
            new(ThoughtboardSchemes.ApiKeyIdClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (key.RequestsPerMinute is { } perMinute)
        {
            claims.Add(new Claim(ThoughtboardSchemes.RequestsPerMinuteClaim, perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        var identity = new ClaimsIdentity(claims, ThoughtboardSchemes.ApiKey);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ThoughtboardSchemes.ApiKey));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = result.Failure?.Message
            ?? "This endpoint needs an API key: send 'Authorization: Bearer <key>' (create one with 'thoughtboard apikey create') or sign in.";
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden",
            "This API key may not do this. Administrative endpoints need an administrator signed in with the web console.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
