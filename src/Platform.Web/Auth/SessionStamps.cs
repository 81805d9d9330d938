using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Data.Entities;

namespace Platform.Web.Auth;

/// <summary>
/// Ties every session cookie to its user's security stamp: a cookie whose stamp is not the user's current one, or
/// whose user is gone or disabled, is refused and deleted. Disabling, a new role or password, and signing out renew
/// the stamp (see <see cref="User"/>), so they end every copy of every cookie of that user. What was read of a user
/// is trusted for <see cref="SecurityOptions.SessionCheckInterval"/>; changes through this instance apply at once.
/// </summary>
public sealed class SessionStamps(IDbContextFactory<ThoughtboardDbContext> dbFactory, TimeProvider clock, IOptions<SecurityOptions> options)
{
    private sealed record Known(string? Stamp, DateTimeOffset ReadAt);

    private readonly ConcurrentDictionary<long, Known> _known = new();

    /// <summary>The cookie scheme's <see cref="CookieAuthenticationEvents.OnValidatePrincipal"/>.</summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var presented = principal?.FindFirst(UserSignIn.SecurityStampClaim)?.Value;
        if (UserIdOf(principal) is { } userId && !string.IsNullOrEmpty(presented)
            && await CurrentStampAsync(userId, context.HttpContext.RequestAborted) == presented)
        {
            return;
        }
        context.RejectPrincipal();
        // The rejected cookie is deleted; this sign-out is not the user's, so it must not renew the stamp again.
        context.HttpContext.Items[RejectedKey] = true;
        await context.HttpContext.SignOutAsync(ThoughtboardSchemes.Cookie);
    }

    /// <summary>The cookie scheme's <see cref="CookieAuthenticationEvents.OnSigningOut"/>: signing out ends every session of the user.</summary>
    public async Task SigningOutAsync(CookieSigningOutContext context)
    {
        if (context.HttpContext.Items.ContainsKey(RejectedKey) || context.HttpContext.User.Identity?.AuthenticationType != ThoughtboardSchemes.Cookie)
        {
            return;
        }
        if (UserIdOf(context.HttpContext.User) is { } userId)
        {
            await EndSessionsAsync(userId, CancellationToken.None);
        }
    }

    /// <summary>Renews the user's stamp, which ends every session of theirs.</summary>
    public async Task EndSessionsAsync(long userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stamp = User.NewSecurityStamp();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(set => set.SetProperty(u => u.SecurityStamp, stamp), cancellationToken);
        Forget(userId);
    }

    /// <summary>What a successful sign-in just read, so the new cookie is not judged by an older reading.</summary>
    public void Remember(long userId, string stamp) => _known[userId] = new Known(stamp, clock.GetUtcNow());

    /// <summary>Makes the next request of this user read the stamp again, after a change made here.</summary>
    public void Forget(long userId) => _known.TryRemove(userId, out _);

    private const string RejectedKey = "thoughtboard:session-rejected";

    private async Task<string?> CurrentStampAsync(long userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_known.TryGetValue(userId, out var known) && now - known.ReadAt < options.Value.SessionCheckInterval)
        {
            return known.Stamp;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A disabled user has no valid stamp at all, whatever the cookie says.
        var stamp = await db.Users.Where(u => u.Id == userId && u.DisabledAt == null).Select(u => u.SecurityStamp).FirstOrDefaultAsync(cancellationToken);
        _known[userId] = new Known(stamp, now);
        return stamp;
    }

    private static long? UserIdOf(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
