namespace Platform.Evaluation.Styles;

/// <summary>
/// A style's instructions in several wordings of the same meaning, to measure how much a result owes to the exact
/// words. Wording 0 is the style's original; the others are written and versioned with the style: a changed
/// wording is a new style version, and a new wording is appended, never inserted.
/// </summary>
public static class Paraphrases
{
    /// <summary>The chosen wording.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The style has no wording with that number.</exception>
    public static T Pick<T>(IReadOnlyList<T> wordings, int paraphrase, string style)
    {
        if (paraphrase < 0 || paraphrase >= wordings.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(paraphrase), paraphrase, wordings.Count == 1
                ? $"Style '{style}' has only its own wording (paraphrase 0)."
                : $"Style '{style}' has {wordings.Count} wordings: paraphrase 0 to {wordings.Count - 1}.");
        }
        return wordings[paraphrase];
    }

    /// <summary>The style marked with the wording it uses and how many it has.</summary>
    public static ThinkingStyle Mark(ThinkingStyle style, int paraphrase, int count) =>
        style with { Paraphrase = paraphrase, ParaphraseCount = count };
}
