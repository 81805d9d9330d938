namespace Platform.Data.Entities;

/// <summary>
/// A request to evaluate one model on suites x styles with one set of decoding settings. It becomes one
/// run per (suite, style). Exactly one of <see cref="ApiKeyId"/> and <see cref="UserId"/> says who asked,
/// or neither for work started from the command line.
/// </summary>
public class Submission
{
    public long Id { get; set; }

    public long? ApiKeyId { get; set; }

    public ApiKey? ApiKey { get; set; }

    public long? UserId { get; set; }

    public User? User { get; set; }

    public long ModelId { get; set; }

    public LanguageModel Model { get; set; } = null!;

    public List<BenchmarkSuite> Suites { get; set; } = [];

    public List<ThinkingStyle> Styles { get; set; } = [];

    /// <summary>Decoding settings (temperature, top-p, max tokens...) as a JSON object (jsonb).</summary>
    public string DecodingSettingsJson { get; set; } = "{}";

    /// <summary>Items per suite to evaluate; null evaluates every item.</summary>
    public int? ItemLimit { get; set; }

    public long Seed { get; set; }

    public SubmissionState State { get; set; }

    /// <summary>Client-chosen key; a repeated key from the same API key returns the first submission.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>Hash of the normalized request, to find an identical submission that is already queued or done.</summary>
    public required string RequestHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public List<Run> Runs { get; set; } = [];
}
