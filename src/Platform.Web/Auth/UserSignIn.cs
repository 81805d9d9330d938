using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;

namespace Platform.Web.Auth;

/// <summary>
/// Checks a user's password with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> and builds the
/// cookie principal. Users are created by <c>thoughtboard admin create</c>.
/// </summary>
public sealed class UserSignIn(IDbContextFactory<ThoughtboardDbContext> dbFactory, IPasswordHasher<User> hasher, TimeProvider clock)
{
    /// <summary>The principal for the cookie, or null when the name or the password is wrong or the user is disabled.</summary>
    public async Task<ClaimsPrincipal?> VerifyAsync(string userNameOrEmail, string password, CancellationToken cancellationToken = default)
    {
        var name = userNameOrEmail.Trim();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == name || u.Email == name, cancellationToken);
        if (user is null || user.DisabledAt is not null)
        {
            return null;
        }
        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            return null;
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }
        user.LastSignInAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return PrincipalFor(user);
    }

    public static ClaimsPrincipal PrincipalFor(User user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.Role, user.Role.ToString()),
        };
        if (user.Email is { } email)
        {
            claims.Add(new Claim(ClaimTypes.Email, email));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, ThoughtboardSchemes.Cookie));
    }
}
