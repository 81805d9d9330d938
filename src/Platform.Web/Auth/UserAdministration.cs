using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;

namespace Platform.Web.Auth;

/// <summary>A user as the admin console lists them: never the password hash or the stamp.</summary>
public sealed record UserSummary(
    long Id, string UserName, string? Email, UserRole Role, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt,
    DateTimeOffset? DisabledAt, DateTimeOffset? LockedUntil);

/// <summary>
/// The admin console's changes to users. Each goes through <see cref="User"/>'s own methods, so disabling and a
/// new role renew the security stamp, and this instance forgets its reading of it: the user's sessions end at
/// their next request. An administrator cannot disable or demote themselves (the CLI can), so a console is never
/// left without the admin who was using it.
/// </summary>
public sealed class UserAdministration(IDbContextFactory<ThoughtboardDbContext> dbFactory, SessionStamps sessions, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().OrderBy(u => u.UserName)
            .Select(u => new UserSummary(u.Id, u.UserName, u.Email, u.Role, u.CreatedAt, u.LastSignInAt, u.DisabledAt, u.LockedUntil))
            .ToListAsync(cancellationToken);
    }

    public Task<string> DisableAsync(long userId, long actingUserId, CancellationToken cancellationToken) =>
        ChangeAsync(userId, cancellationToken, user =>
        {
            if (user.Id == actingUserId)
            {
                return "You cannot disable yourself; another administrator (or 'thoughtboard admin disable') can.";
            }
            user.Disable(clock.GetUtcNow());
            return $"{user.UserName} is disabled; their sessions have ended.";
        });

    public Task<string> EnableAsync(long userId, CancellationToken cancellationToken) =>
        ChangeAsync(userId, cancellationToken, user =>
        {
            user.Enable();
            return $"{user.UserName} is enabled and can sign in again.";
        });

    public Task<string> SetRoleAsync(long userId, UserRole role, long actingUserId, CancellationToken cancellationToken) =>
        ChangeAsync(userId, cancellationToken, user =>
        {
            if (user.Id == actingUserId && role != UserRole.Admin)
            {
                return "You cannot take the administrator role from yourself; another administrator (or 'thoughtboard admin role') can.";
            }
            if (user.Role == role)
            {
                return $"{user.UserName} already is {Describe(role)}; nothing was changed.";
            }
            user.ChangeRole(role);
            return $"{user.UserName} is now {Describe(role)}; their sessions have ended.";
        });

    private static string Describe(UserRole role) => role == UserRole.Admin ? "an administrator" : "a member";

    private async Task<string> ChangeAsync(long userId, CancellationToken cancellationToken, Func<User, string> change)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return $"There is no user {userId}.";
        }
        var notice = change(user);
        await db.SaveChangesAsync(cancellationToken);
        sessions.Forget(userId);
        return notice;
    }
}
