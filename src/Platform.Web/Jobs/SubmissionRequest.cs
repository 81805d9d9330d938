using Platform.Data.Entities;

namespace Platform.Web.Jobs;

/// <summary>What a client asks to evaluate: one model on every (suite, style) pair with one set of decoding settings.</summary>
/// <param name="DecodingSettingsJson">A JSON object with any of temperature, topP, topK, minP, maxTokens.</param>
/// <param name="ItemLimit">The first N items of each suite; null for all.</param>
/// <param name="RequestHash">The experiment's identity (<see cref="Submissions.SubmissionService"/> passes the one
/// of <c>SubmissionValidation</c>); null derives one from the ids.</param>
public sealed record SubmissionRequest(
    long ModelId,
    IReadOnlyList<long> SuiteIds,
    IReadOnlyList<long> StyleIds,
    string DecodingSettingsJson = "{}",
    int? ItemLimit = null,
    long Seed = 42,
    RunQueue Queue = RunQueue.Cpu,
    long? ApiKeyId = null,
    long? UserId = null,
    string? IdempotencyKey = null,
    string? RequestHash = null,
    int Paraphrases = 1);

/// <summary>The request is invalid; <see cref="Errors"/> maps each field to what is wrong (the shape of a ValidationProblem).</summary>
public sealed class SubmissionValidationException(IDictionary<string, string[]> errors)
    : Exception("The submission is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>The job storage refused a run of submission <see cref="SubmissionId"/>, which was removed again.</summary>
public sealed class SubmissionNotQueuedException(long submissionId, Exception inner)
    : Exception($"The runs of submission {submissionId} could not be queued ({inner.Message}); the submission was removed.", inner)
{
    public long SubmissionId { get; } = submissionId;
}
