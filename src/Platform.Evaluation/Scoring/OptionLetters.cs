using System.Text.RegularExpressions;

namespace Platform.Evaluation.Scoring;

/// <summary>The flagged fallbacks that read bare numbers and letters.</summary>
public static partial class AnswerExtractor
{
    /// <summary>The last number written in the text, as written (sign, currency, thousands separators kept).</summary>
    public static string? LastNumber(string text)
    {
        var matches = NumberPattern().Matches(text);
        return matches.Count == 0 ? null : matches[^1].Value.TrimEnd('.');
    }

    /// <summary>
    /// The last capital letter that stands alone and names an option ("(B)", "B.", "so B is right", "option A").
    /// Skipped: letters beyond the options; the article "A" and the pronoun "I" before a lower-case word ("A car",
    /// "I think"), unless "A" is followed by a verb ("A is", "A fits"); letters after "not", "rather than",
    /// "instead of" (rejected options; "except" is not one: "none except D" chooses D); and the labels of an
    /// option list (two or more consecutive lines that start "A)", "B.", "(C)" or "D:").
    /// </summary>
    public static string? LastOptionLetter(string text, int optionCount)
    {
        if (optionCount <= 0)
        {
            return null;
        }
        var labels = ListingLabels(text);
        var matches = StandaloneLetterPattern().Matches(text);
        for (var i = matches.Count - 1; i >= 0; i--)
        {
            var match = matches[i];
            var letter = match.Value[0];
            if (letter - 'A' >= optionCount || labels.Contains(match.Index))
            {
                continue;
            }
            var before = text[..match.Index];
            if (RejectedBefore().IsMatch(before))
            {
                continue;
            }
            if (!NamedBefore().IsMatch(before) && IsProseWord(text, letter, match.Index + 1))
            {
                continue;
            }
            return letter.ToString();
        }
        return null;
    }

    private static bool IsProseWord(string text, char letter, int after)
    {
        if (letter is not ('A' or 'I') || after >= text.Length || text[after] != ' ')
        {
            return false;
        }
        var next = text.AsSpan(after).TrimStart(' ');
        if (next.Length == 0 || !char.IsLower(next[0]))
        {
            return false;
        }
        // An article is never followed by a verb: "A is wrong" names the option.
        return letter == 'I' || !LetterVerb().IsMatch(next.ToString());
    }

    /// <summary>Positions of the letters that label the lines of an option list.</summary>
    private static HashSet<int> ListingLabels(string text)
    {
        var lines = LabelLine().Matches(text).ToList();
        var labels = new HashSet<int>();
        for (var i = 0; i < lines.Count; i++)
        {
            var adjacent = (i > 0 && NextLineStart(text, lines[i - 1].Index) == lines[i].Index)
                || (i + 1 < lines.Count && NextLineStart(text, lines[i].Index) == lines[i + 1].Index);
            if (adjacent)
            {
                labels.Add(lines[i].Groups["letter"].Index);
            }
        }
        return labels;
    }

    private static int NextLineStart(string text, int from)
    {
        var newline = text.IndexOf('\n', from);
        return newline < 0 ? -1 : newline + 1;
    }

    [GeneratedRegex(@"[-−]?\$?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:/[0-9]+)?")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9'’])[A-Z](?![A-Za-z0-9'’])")]
    private static partial Regex StandaloneLetterPattern();

    [GeneratedRegex(@"^[ \t]*(?:[-*][ \t]*)?\**(?:\((?<letter>[A-Z])\)|(?<letter>[A-Z])[.):])\**[ \t]+\S", RegexOptions.Multiline)]
    private static partial Regex LabelLine();

    [GeneratedRegex(@"\b(?:not|rather\s+than|instead\s+of)[\s(]*$", RegexOptions.IgnoreCase)]
    private static partial Regex RejectedBefore();

    [GeneratedRegex(@"\b(?:option|choice|answer)[\s:(]*$", RegexOptions.IgnoreCase)]
    private static partial Regex NamedBefore();

    [GeneratedRegex(@"^(?:is|was|seems|looks|appears|fits|matches|remains|holds|follows|works|must|would|should|could|cannot|can't|has|gives|states|and|or|nor)\b")]
    private static partial Regex LetterVerb();
}
