namespace Platform.Data.Entities;

/// <summary>
/// An API key. Only its public prefix (to find the row) and a hash of the full key are stored; the key
/// itself is shown once, when it is created.
/// </summary>
public class ApiKey
{
    public long Id { get; set; }

    /// <summary>The first characters of the key, unique, safe to show and log.</summary>
    public required string Prefix { get; set; }

    public required string KeyHash { get; set; }

    public required string Name { get; set; }

    /// <summary>Who the key was issued to (a person, team or e-mail address), as the administrator wrote it.</summary>
    public required string Owner { get; set; }

    /// <summary>Most submissions accepted per UTC day; null means no limit.</summary>
    public int? DailySubmissionQuota { get; set; }

    /// <summary>Most item evaluations (items x styles x samples) one submission may ask for; null means no limit.</summary>
    public int? MaxItemsPerSubmission { get; set; }

    /// <summary>Most API requests per minute; null means no limit.</summary>
    public int? RequestsPerMinute { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
