namespace Platform.Web.Api;

/// <summary>Decoding settings of a submission; absent values keep the engine's defaults. Stored as camelCase JSON.</summary>
public sealed record DecodingSettings(float? Temperature = null, float? TopP = null, int? TopK = null, float? MinP = null, int? MaxTokens = null);

/// <summary>
/// A validated evaluation request, ready to become a submission: one run per (suite, style). Suites are built-in
/// specs such as "game24@2-4" or names of imported suites; styles are style-table labels such as "cot+sc5".
/// </summary>
public sealed record EvaluationOrder(
    long ModelId,
    IReadOnlyList<string> Suites,
    IReadOnlyList<string> Styles,
    DecodingSettings Settings,
    int Samples,
    int? Limit,
    long Seed,
    long? ApiKeyId,
    long? UserId,
    string? IdempotencyKey,
    string RequestHash);

/// <summary>
/// The enqueue side of the job system as the API needs it: store a submission with its runs and queue them, and
/// cancel one. The API validates, deduplicates and applies quotas before calling it, so an order that reaches it
/// is accepted.
/// </summary>
public interface IEvaluationQueue
{
    /// <summary>Stores the submission and its runs, queues the runs, and returns the submission's id.</summary>
    Task<long> SubmitAsync(EvaluationOrder order, CancellationToken cancellationToken);

    /// <summary>Cancels every run of the submission that has not finished; finished runs keep their results.</summary>
    Task CancelAsync(long submissionId, CancellationToken cancellationToken);
}
