using Platform.Evaluation.Datasets;

namespace Platform.Evaluation.Scoring.Checkers;

/// <summary>
/// Equality after <see cref="TextNormalizer"/>. Metadata <c>aliases</c> lists more accepted answers separated by
/// '|'; <c>ignore-spaces</c> = "true" also ignores spacing, for answers that are letter strings ("e l n t" = "elnt").
/// </summary>
public sealed class TextChecker : IAnswerChecker
{
    public const string AliasesKey = "aliases";
    public const string IgnoreSpacesKey = "ignore-spaces";

    public string Version => "text/1";

    public AnswerCheck Check(Item item, string answer)
    {
        var ignoreSpaces = item.Metadata.TryGetValue(IgnoreSpacesKey, out var flag) && flag == "true";
        var given = TextNormalizer.Normalize(answer, ignoreSpaces);
        if (given.Length == 0) return AnswerCheck.Wrong("the answer is empty after normalisation");
        var accepted = new List<string> { item.Target };
        if (item.Metadata.TryGetValue(AliasesKey, out var aliases))
            accepted.AddRange(aliases.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return accepted.Any(a => TextNormalizer.Normalize(a, ignoreSpaces) == given)
            ? AnswerCheck.Correct
            : AnswerCheck.Wrong($"'{NumberText.Shorten(answer)}' does not match the expected '{item.Target}'");
    }
}
