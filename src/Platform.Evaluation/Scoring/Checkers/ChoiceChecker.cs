using System.Globalization;
using System.Text.RegularExpressions;
using Platform.Evaluation.Datasets;

namespace Platform.Evaluation.Scoring.Checkers;

/// <summary>
/// Multiple choice. The target is an option letter (A = first option). An answer may name the option by
/// letter ("B", "(b)", "B)", "B.", "option B", "the answer is B", "[B]"), by letter and text ("B) the lamp"), by its 1-based number
/// ("2"), or by its text alone ("the lamp"); case, spacing and punctuation do not matter. When an option's
/// text is itself a number, the text reading wins over the option-number reading.
/// </summary>
public sealed partial class ChoiceChecker : IAnswerChecker
{
    public string Version => "choice/1";

    [GeneratedRegex(@"^(?:(?:the\s+)?(?:correct\s+)?(?:option|choice|answer)(?:\s+is)?\s*[:#]?\s*)?[\(\[]?(?<letter>[a-z])[\)\]]?[.:]?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LetterOnly();

    [GeneratedRegex(@"^(?:(?:the\s+)?(?:correct\s+)?(?:option|choice|answer)(?:\s+is)?\s*[:#]?\s*)?(?:[\(\[](?<letter>[a-z])[\)\]]|(?<letter>[a-z])[\).:])\s*(?<text>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LetterWithText();

    public AnswerCheck Check(Item item, string answer)
    {
        if (item.Choices.Count == 0) return AnswerCheck.Wrong("the item has no options to choose from");
        var expected = LetterIndex(item.Target.Trim());
        if (expected is null || expected >= item.Choices.Count)
            return AnswerCheck.Wrong($"the item's target '{item.Target}' is not one of its option letters");

        var chosen = Resolve(item.Choices, answer, out var problem);
        if (chosen is null) return AnswerCheck.Wrong(problem);
        return chosen == expected
            ? AnswerCheck.Correct
            : AnswerCheck.Wrong($"chose {Letter(chosen.Value)} ({item.Choices[chosen.Value]}), expected {Letter(expected.Value)} ({item.Choices[expected.Value]})");
    }

    /// <summary>Which option an answer names, or null with the reason it names none (or several).</summary>
    public static int? Resolve(IReadOnlyList<string> choices, string answer, out string problem)
    {
        problem = "";
        var trimmed = answer.Trim().Trim('*', '"', '\'', '`', ' ').TrimEnd('.', '!').Trim();
        var range = $"options are A-{Letter(choices.Count - 1)}";

        var byText = MatchText(choices, trimmed);
        if (byText is not null) return byText;

        var letterOnly = LetterOnly().Match(trimmed);
        if (letterOnly.Success)
        {
            var index = LetterIndex(letterOnly.Groups["letter"].Value)!.Value;
            if (index < choices.Count) return index;
            problem = $"there is no option {letterOnly.Groups["letter"].Value.ToUpperInvariant()} ({range})";
            return null;
        }

        var withText = LetterWithText().Match(trimmed);
        if (withText.Success)
        {
            var index = LetterIndex(withText.Groups["letter"].Value)!.Value;
            if (index >= choices.Count)
            {
                problem = $"there is no option {withText.Groups["letter"].Value.ToUpperInvariant()} ({range})";
                return null;
            }
            var textIndex = MatchText(choices, withText.Groups["text"].Value);
            if (textIndex is not null && textIndex != index)
            {
                problem = $"the letter {Letter(index)} and the text of option {Letter(textIndex.Value)} disagree";
                return null;
            }
            return index;
        }

        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            if (number >= 1 && number <= choices.Count) return number - 1;
            problem = $"there is no option number {number} (options are numbered 1-{choices.Count})";
            return null;
        }

        problem = $"'{NumberText.Shorten(answer)}' names none of the options ({range})";
        return null;
    }

    private static int? MatchText(IReadOnlyList<string> choices, string text)
    {
        var normalized = TextNormalizer.Normalize(text);
        if (normalized.Length == 0) return null;
        int? found = null;
        for (var i = 0; i < choices.Count; i++)
        {
            if (TextNormalizer.Normalize(choices[i]) != normalized) continue;
            if (found is not null) return null; // two options with the same text: only a letter can tell them apart
            found = i;
        }
        return found;
    }

    public static string Letter(int index) => ((char)('A' + index)).ToString();

    public static int? LetterIndex(string letter) =>
        letter.Length == 1 && char.IsAsciiLetter(letter[0]) ? char.ToUpperInvariant(letter[0]) - 'A' : null;
}
