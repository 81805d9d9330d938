using Platform.Evaluation.Datasets;

namespace Platform.Evaluation.Scoring;

/// <summary>
/// The outcome for one item. <see cref="NoAnswer"/> is kept apart from <see cref="Incorrect"/> so that a model that
/// cannot follow the answer format is visible as such instead of looking merely wrong.
/// </summary>
public enum Verdict { Correct, Incorrect, NoAnswer }

/// <summary>
/// Everything needed to audit one item's score and to redo it later without the model.
/// </summary>
/// <param name="Strict">Verdict counting only the answer formats the style asked for.</param>
/// <param name="Flexible">Verdict when every extractor, including flagged fallbacks, may find the answer.</param>
/// <param name="StrictExtraction">What strict extraction found (method None when nothing).</param>
/// <param name="FlexibleExtraction">What flexible extraction found; <see cref="Extraction.IsFallback"/> flags guesses.</param>
/// <param name="Truncated">The final output stopped at the token limit.</param>
/// <param name="RawOutput">The final output exactly as the model produced it, reasoning trace included.</param>
/// <param name="Reason">Why the flexible verdict is not Correct (checker's reason, or what was missing); null when correct.</param>
public sealed record Score(
    Verdict Strict,
    Verdict Flexible,
    Extraction StrictExtraction,
    Extraction FlexibleExtraction,
    bool Truncated,
    string RawOutput,
    string ExtractorVersion,
    string CheckerVersion,
    string? Reason);

/// <summary>
/// Turns a final output into a <see cref="Score"/>: extraction first, then the suite's checker on what was found.
/// The same function scores fresh outputs and stored ones, which is what makes rescoring exact.
/// </summary>
public static class Scorer
{
    /// <param name="requested">The formats the style asked for; they decide what the strict verdict accepts.</param>
    public static Score Score(
        Item item, AnswerKind kind, string rawOutput, bool truncated, AnswerFormats requested, IAnswerChecker checker)
    {
        var strict = AnswerExtractor.Strict(rawOutput, requested);
        var flexible = AnswerExtractor.Flexible(rawOutput, kind, item.Choices.Count, truncated);

        var strictCheck = strict.Answer is null ? null : checker.Check(item, strict.Answer);
        // Both extractions often find the same text; checking it twice would only repeat the work.
        var flexibleCheck = flexible.Answer is null ? null
            : flexible.Answer == strict.Answer ? strictCheck
            : checker.Check(item, flexible.Answer);

        var flexibleVerdict = ToVerdict(flexibleCheck);
        var reason = flexibleVerdict switch
        {
            Verdict.Correct => null,
            Verdict.Incorrect => flexibleCheck!.Reason ?? $"'{flexible.Answer}' does not match the target.",
            _ => truncated
                ? "The output reached the token limit before an answer was given."
                : "No answer found: no <answer> tag, \\boxed{}, answer phrase or usable fallback in the output.",
        };
        return new Score(
            ToVerdict(strictCheck), flexibleVerdict, strict, flexible, truncated, rawOutput,
            AnswerExtractor.Version, checker.Version, reason);
    }

    /// <summary>
    /// Scores a stored output again with today's extractor and the given checker, without calling the model.
    /// The kind, formats and item must be those of the original run (they are in its run header and suite).
    /// </summary>
    public static Score Rescore(Score stored, Item item, AnswerKind kind, AnswerFormats requested, IAnswerChecker checker) =>
        Score(item, kind, stored.RawOutput, stored.Truncated, requested, checker);

    private static Verdict ToVerdict(AnswerCheck? check) => check switch
    {
        null => Verdict.NoAnswer,
        { IsCorrect: true } => Verdict.Correct,
        _ => Verdict.Incorrect,
    };
}
