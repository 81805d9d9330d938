using System.Text.RegularExpressions;
using Platform.Evaluation.Datasets;

namespace Platform.Evaluation.Scoring;

/// <summary>Answers stated in words: "the answer is X", "final answer: X", an "Answer:" line, GSM8K's "#### X".</summary>
public static partial class AnswerExtractor
{
    /// <summary>
    /// The last answer phrase's answer, X running to the end of its sentence or line, and ending before a reason,
    /// a concession or a rejected alternative in the same sentence ("42 because ...", "Paris, which is ...",
    /// "C, not B"); a hedge right after the phrase ("probably", "most likely") is not part of it. For numbers and
    /// choices a parenthetical after the answer is a gloss ("36 (12 boxes of 3)", "B (Whale)").
    /// </summary>
    /// <param name="truncated">The output was cut at the token limit: an answer that runs into the cut may itself be cut,
    /// so it counts only when its sentence or line ended before the output did.</param>
    public static string? LastAnswerPhrase(string text, AnswerKind? kind = null, bool truncated = false)
    {
        var glosses = kind is AnswerKind.Number or AnswerKind.Choice;
        var matches = AnswerPhrasePattern().Matches(text);
        for (var i = matches.Count - 1; i >= 0; i--)
        {
            var rest = matches[i].Groups["rest"];
            var start = rest.Index;
            var sentence = UntilSentenceEnd(rest.Value, glosses);
            if (Clean(sentence).Length == 0 && i == matches.Count - 1)
            {
                // "Final answer:" as a heading, with the answer on the next non-empty line.
                var newline = text.IndexOf('\n', rest.Index + rest.Length);
                if (newline < 0)
                {
                    continue;
                }
                start = newline + 1;
                sentence = UntilSentenceEnd(text[start..], glosses);
            }
            var answer = Clean(sentence);
            if (answer.Length == 0 || IsPlaceholder(answer))
            {
                continue;
            }
            if (truncated && text[start..].Trim() == sentence.Trim())
            {
                // Nothing followed the answer before the cut: "so the answer is 4" may have been "so the answer is 42".
                return null;
            }
            return answer;
        }
        return null;
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.TrimStart();
        var newline = trimmed.IndexOf('\n');
        return newline < 0 ? trimmed : trimmed[..newline];
    }

    private static string UntilSentenceEnd(string rest, bool glosses)
    {
        var line = FirstLine(rest);
        var hedge = HedgePattern().Match(line);
        if (hedge.Success)
        {
            line = line[hedge.Length..];
        }
        // A full stop ends the sentence only when followed by a space; "1,234.50" keeps its decimal point.
        var stop = SentenceEndPattern().Match(line);
        var sentence = stop.Success ? line[..stop.Index] : line;
        // The reason is not part of the answer; a clause word at the very start ("since 3 + 4 ...") is left alone.
        var reason = (glosses ? ReasonOrGlossPattern() : ReasonClausePattern()).Match(sentence);
        return reason.Success && reason.Index > 0 && sentence[..reason.Index].Trim().Length > 0 ? sentence[..reason.Index] : sentence;
    }

    private const string Verbs = @"(?:is|would\s+be|must\s+be|should\s+be)";

    [GeneratedRegex(
        @"(?:\bfinal\s+answer\b(?:\s+is)?\s*[:：]?" +
        @"|\bthe\s+(?:(?:correct|right|best|final)\s+)?(?:answer|option|choice)\s+" + Verbs + @"\s*[:：]?" +
        @"|^[ \t#>*_-]*answer\s*(?:[:：]|\**[ \t]*$)" +
        @"|^[ \t]*####[ \t]*(?=[-−$0-9]))" +
        @"(?<rest>(?:(?!final\s+answer|the\s+(?:(?:correct|right|best|final)\s+)?(?:answer|option|choice)\s+" + Verbs + @")[^\n])*)",
        RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex AnswerPhrasePattern();

    [GeneratedRegex(@"^\s*(?:probably|likely|most\s+likely|clearly|definitely|indeed|actually)\b[\s,]*", RegexOptions.IgnoreCase)]
    private static partial Regex HedgePattern();

    private const string Reasons =
        @"\s*(?:[,;:]?\s+(?:because|since|given\s+that|due\s+to)|[,;]\s+(?:which|as|so|that\s+is|not|though|although|but)|\s+[–—]\s+)\b";

    [GeneratedRegex(Reasons, RegexOptions.IgnoreCase)]
    private static partial Regex ReasonClausePattern();

    [GeneratedRegex(Reasons + @"|\s+\(", RegexOptions.IgnoreCase)]
    private static partial Regex ReasonOrGlossPattern();

    [GeneratedRegex(@"[.!?](?=\s|$)")]
    private static partial Regex SentenceEndPattern();
}
