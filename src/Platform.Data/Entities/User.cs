namespace Platform.Data.Entities;

/// <summary>A person who signs in to the web app with a cookie.</summary>
public class User
{
    public long Id { get; set; }

    public required string UserName { get; set; }

    public string? Email { get; set; }

    /// <summary>Hash made by ASP.NET Core Identity's PasswordHasher; never a password.</summary>
    public required string PasswordHash { get; set; }

    public UserRole Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    public DateTimeOffset? DisabledAt { get; set; }
}
