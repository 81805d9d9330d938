using Platform.Evaluation.Datasets;

namespace Platform.Evaluation.Scoring;

/// <summary>The result of comparing one extracted answer with an item. <see cref="Reason"/> says why it is wrong.</summary>
public sealed record AnswerCheck(bool IsCorrect, string? Reason = null)
{
    public static readonly AnswerCheck Correct = new(true);
    public static AnswerCheck Wrong(string reason) => new(false, reason);
}

/// <summary>
/// Judges an answer that has already been extracted from the model's output. Extraction is separate:
/// a checker never sees raw output, and never decides that there was no answer.
/// </summary>
public interface IAnswerChecker
{
    /// <summary>Name and version recorded with every score, so a rescoring can tell what changed.</summary>
    string Version { get; }

    AnswerCheck Check(Item item, string answer);
}
