using System.Text.Json;
using Platform.Evaluation.Scoring;
using StoredItemResult = Platform.Data.Entities.ItemResult;
using StoredVerdict = Platform.Data.Entities.Verdict;

namespace Platform.Worker.Evaluation;

/// <summary>Maps what a hosted run streams (<see cref="ItemRecord"/>) onto the result rows the database keeps.</summary>
public static class StoredResults
{
    /// <summary>
    /// The result row of one item (sample index 0: a voted style stores its winning output; every sample is in
    /// the transcript). A failed item keeps its error and NoAnswer verdicts.
    /// </summary>
    public static StoredItemResult ToItemResult(ItemRecord record, long runId, long suiteItemId, DateTimeOffset createdAt)
    {
        var score = record.Score;
        return new StoredItemResult
        {
            RunId = runId,
            ItemId = suiteItemId,
            SampleIndex = 0,
            RawOutput = score?.RawOutput ?? "",
            ExtractedAnswerStrict = score?.StrictExtraction.Answer,
            ExtractedAnswerFlexible = score?.FlexibleExtraction.Answer,
            VerdictStrict = ToStored(score?.Strict),
            VerdictFlexible = ToStored(score?.Flexible),
            ExtractionMethod = score?.FlexibleExtraction.Method.ToString(),
            Truncated = score?.Truncated ?? false,
            Error = record.Error is { } error ? $"{error.Type}: {error.Message}" : null,
            TokensIn = record.PromptTokens,
            TokensOut = record.OutputTokens,
            LatencyMs = record.LatencyMs,
            TranscriptJson = JsonSerializer.Serialize(record.Exchanges, WorkerEvaluationJson.Readable.IReadOnlyListExchange),
            ScorerVersion = score is null ? "none" : $"{score.ExtractorVersion}+{score.CheckerVersion}",
            CreatedAt = createdAt,
        };
    }

    /// <summary>The stored verdict of the same name; both enums are stored and compared by name.</summary>
    public static StoredVerdict ToStored(Verdict? verdict) => verdict switch
    {
        Verdict.Correct => StoredVerdict.Correct,
        Verdict.Incorrect => StoredVerdict.Incorrect,
        _ => StoredVerdict.NoAnswer,
    };
}
