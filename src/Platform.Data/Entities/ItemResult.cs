namespace Platform.Data.Entities;

/// <summary>
/// The outcome of one sample of one item in one run. (Run, item, sample) is unique, so a retried job
/// rewrites nothing twice: it skips or replaces what is already there.
/// </summary>
public class ItemResult
{
    public long Id { get; set; }

    public long RunId { get; set; }

    public Run Run { get; set; } = null!;

    public long ItemId { get; set; }

    public SuiteItem Item { get; set; } = null!;

    /// <summary>
    /// Always 0 today: one row per item, a voted style storing its winning output (every sample is in the transcript).
    /// Part of the key, so rows of a run that stores samples apart would fit beside them.
    /// </summary>
    public int SampleIndex { get; set; }

    public string RawOutput { get; set; } = "";

    /// <summary>Answer found by the strict extractor (requested format only); null when none was found.</summary>
    public string? ExtractedAnswerStrict { get; set; }

    /// <summary>Answer found by the flexible extractor (fallbacks such as the last number); null when none was found.</summary>
    public string? ExtractedAnswerFlexible { get; set; }

    public Verdict VerdictStrict { get; set; }

    public Verdict VerdictFlexible { get; set; }

    /// <summary>Which extraction rule produced the flexible answer, e.g. "answer-tag" or "last-number".</summary>
    public string? ExtractionMethod { get; set; }

    /// <summary>The output stopped at the token limit.</summary>
    public bool Truncated { get; set; }

    /// <summary>Error raised while evaluating this item, if any; the verdicts are then NoAnswer.</summary>
    public string? Error { get; set; }

    public int TokensIn { get; set; }

    public int TokensOut { get; set; }

    public double LatencyMs { get; set; }

    /// <summary>Every model call the style made (messages, completions, intermediate steps) as JSON (jsonb).</summary>
    public string TranscriptJson { get; set; } = "[]";

    /// <summary>Name and version of the checker that produced the verdicts, so a rescoring can tell what changed.</summary>
    public required string ScorerVersion { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
