using Platform.Evaluation.Scoring;

namespace Platform.Evaluation.Datasets;

/// <summary>How a suite's answers look; it picks the extraction fallback (last number, last option letter...).</summary>
public enum AnswerKind { Number, Choice, Expression, Plan, Text, List }

/// <summary>A named, versioned set of items with the checker that judges answers to them.</summary>
public sealed record Suite(
    string Name,
    string Version,
    TaskType TaskType,
    AnswerKind AnswerKind,
    string Description,
    IReadOnlyList<Item> Items,
    IAnswerChecker Checker)
{
    /// <summary>Hash over the suite's identity and every item; two suites with equal hashes asked the same things.</summary>
    public string ContentHash => Hashing.Sha256Hex(
        Name + "\u001f" + Version + "\u001f" + string.Join('\u001f', Items.Select(i => i.ContentHash)));
}
