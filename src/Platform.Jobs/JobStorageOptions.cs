namespace Platform.Jobs;

/// <summary>The <c>Hangfire</c> configuration section, shared by the web app (enqueue) and workers (fetch).</summary>
public sealed class JobStorageOptions
{
    public const string Section = "Hangfire";

    public string SchemaName { get; set; } = "hangfire";

    /// <summary>
    /// A job fetched by a worker that died becomes visible again after this long. The fetch is kept alive
    /// while the job runs (sliding timeout), so this bounds only how long a killed worker's run waits.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Wake idle workers through PostgreSQL notifications when a job is enqueued (polling remains the fallback).</summary>
    public bool EnableLongPolling { get; set; } = true;

    /// <summary>How often a running job checks whether it was deleted (cancelled); its token fires then.</summary>
    public TimeSpan CancellationCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts after an unexpected failure (lost database, crashed engine); each attempt resumes the run.</summary>
    public int RetryAttempts { get; set; } = 5;

    public int RetryDelaySeconds { get; set; } = 10;

    /// <summary>Every setting out of its range, each as "Hangfire:Key must ... (it is ...)"; empty when all are usable.</summary>
    public IReadOnlyList<string> Problems() => new SettingsProblems(Section)
        .Check(!string.IsNullOrEmpty(SchemaName) && SchemaName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(SchemaName[0]),
            nameof(SchemaName), "a plain PostgreSQL name (letters, digits, _; not starting with a digit)", SchemaName)
        .Check(InvisibilityTimeout > TimeSpan.Zero, nameof(InvisibilityTimeout), "a positive time span", InvisibilityTimeout)
        .Check(QueuePollInterval > TimeSpan.Zero, nameof(QueuePollInterval), "a positive time span", QueuePollInterval)
        .Check(CancellationCheckInterval > TimeSpan.Zero, nameof(CancellationCheckInterval), "a positive time span", CancellationCheckInterval)
        .Check(RetryAttempts >= 0, nameof(RetryAttempts), "0 or more", RetryAttempts)
        .Check(RetryDelaySeconds >= 0, nameof(RetryDelaySeconds), "0 or more", RetryDelaySeconds)
        .Found;
}
