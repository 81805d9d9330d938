using System.Security.Cryptography;

namespace Platform.Data.Entities;

/// <summary>
/// A person who signs in to the web app with a cookie. Every change that must end the user's existing sessions
/// (disabling, a new role, a new password, signing out) goes through a method here that renews
/// <see cref="SecurityStamp"/>; a session cookie carries the stamp it was issued with and stops working when they differ.
/// </summary>
public class User
{
    public long Id { get; set; }

    public required string UserName { get; set; }

    public string? Email { get; set; }

    /// <summary>Hash made by ASP.NET Core Identity's PasswordHasher; never a password. Change it with <see cref="ChangePasswordHash"/>.</summary>
    public required string PasswordHash { get; set; }

    /// <summary>Change it with <see cref="ChangeRole"/>.</summary>
    public UserRole Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Set by <see cref="Disable"/>; a disabled user cannot sign in and loses every session.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>Random value that changes whenever the user's sessions must end.</summary>
    public string SecurityStamp { get; set; } = NewSecurityStamp();

    /// <summary>Failed sign-ins since the last success or lockout.</summary>
    public int FailedSignInCount { get; set; }

    /// <summary>Until when sign-in is refused (even with the right password) after too many failures.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public const int SecurityStampLength = 32;

    public static string NewSecurityStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecurityStampLength / 2));

    /// <summary>Ends every session of this user, e.g. on "sign out".</summary>
    public void RenewSecurityStamp() => SecurityStamp = NewSecurityStamp();

    public void Disable(DateTimeOffset now)
    {
        DisabledAt ??= now;
        RenewSecurityStamp();
    }

    /// <summary>Lets a disabled user sign in again; sessions from before stay ended.</summary>
    public void Enable() => DisabledAt = null;

    public void ChangeRole(UserRole role)
    {
        if (Role != role)
        {
            Role = role;
            RenewSecurityStamp();
        }
    }

    /// <summary>A new password ends every session and lifts a lockout.</summary>
    public void ChangePasswordHash(string hash)
    {
        PasswordHash = hash;
        FailedSignInCount = 0;
        LockedUntil = null;
        RenewSecurityStamp();
    }
}
