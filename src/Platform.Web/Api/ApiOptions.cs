using Platform.Jobs;
namespace Platform.Web.Api;

/// <summary>The <c>Api</c> configuration section (environment variables <c>Api__MaxRequestBodyBytes</c>...).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Largest request body the API reads; bigger requests get 413 before anything is parsed.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Requests per minute for an API key that has no limit of its own, and for signed-in users.</summary>
    public int DefaultRequestsPerMinute { get; set; } = 120;

    /// <summary>Requests per minute per client address for the public endpoints (leaderboard) without a key.</summary>
    public int AnonymousRequestsPerMinute { get; set; } = 300;

    /// <summary>Runs one API key (or user) may have queued or running at once; a submission that would exceed it gets 429.</summary>
    public int MaxLiveRunsPerRequester { get; set; } = 100;

    /// <summary>How long a stored Idempotency-Key answer is replayed.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Every setting out of its range, each as "Api:Key must ... (it is ...)"; empty when all are usable.</summary>
    public IReadOnlyList<string> Problems() => new SettingsProblems(Section)
        .Check(MaxRequestBodyBytes >= 1024, nameof(MaxRequestBodyBytes), "at least 1024", MaxRequestBodyBytes)
        .Check(DefaultRequestsPerMinute >= 1, nameof(DefaultRequestsPerMinute), "at least 1", DefaultRequestsPerMinute)
        .Check(AnonymousRequestsPerMinute >= 1, nameof(AnonymousRequestsPerMinute), "at least 1", AnonymousRequestsPerMinute)
        .Check(MaxLiveRunsPerRequester >= 1, nameof(MaxLiveRunsPerRequester), "at least 1", MaxLiveRunsPerRequester)
        .Check(IdempotencyRetention > TimeSpan.Zero, nameof(IdempotencyRetention), "a positive time span such as 1.00:00:00", IdempotencyRetention)
        .Found;
}

/// <summary>The <c>Models</c> configuration section.</summary>
public sealed class ModelFolderOptions
{
    public const string Section = "Models";

    /// <summary>
    /// The folder holding GGUF files, as the web app sees it; workers must see the same files at the same paths.
    /// Models registered by path must lie inside it. Unset disables registration by path.
    /// </summary>
    public string? Folder { get; set; }
}
