using System.Globalization;
using System.Text.RegularExpressions;
using Platform.Evaluation.Datasets;

namespace Platform.Evaluation.Scoring;

/// <summary>The answer formats a style asks for. Only these count for the strict verdict.</summary>
[Flags]
public enum AnswerFormats
{
    AnswerTag = 1,
    Boxed = 2,
}

/// <summary>How an answer was found. The order of the members is the order the extractor tries them.</summary>
public enum ExtractionMethod
{
    None,
    AnswerTag,
    Boxed,
    /// <summary>"the answer is X", "final answer: X".</summary>
    Phrase,
    /// <summary>An &lt;answer&gt; tag that was opened and never closed; the rest of the output is taken.</summary>
    UnclosedAnswerTag,
    /// <summary>Fallback for number answers: the last number in the output.</summary>
    LastNumber,
    /// <summary>Fallback for multiple choice: the last standalone option letter.</summary>
    LastOptionLetter,
}

/// <param name="IsFallback">True for guesses (unclosed tag, last number, last letter) that a reader should not trust blindly.</param>
public sealed record Extraction(string? Answer, ExtractionMethod Method, bool IsFallback)
{
    public static readonly Extraction None = new(null, ExtractionMethod.None, false);

    public bool Found => Answer is not null;
}

/// <summary>
/// Finds the answer in a model's output. Reasoning traces are removed first; then the formats are tried in a
/// fixed order and the first that yields a non-empty answer wins. Comparison with the target is not done here.
/// </summary>
public static partial class AnswerExtractor
{
    /// <summary>Recorded with every score; change it whenever extraction behaviour changes.</summary>
    public const string Version = "extract-2";

    /// <summary>Strict extraction: only the formats the style asked for.</summary>
    public static Extraction Strict(string output, AnswerFormats requested)
    {
        var visible = ReasoningTrace.Strip(output);
        if (requested.HasFlag(AnswerFormats.AnswerTag) && LastAnswerTag(visible) is { } tagged)
        {
            return new Extraction(tagged, ExtractionMethod.AnswerTag, false);
        }
        if (requested.HasFlag(AnswerFormats.Boxed) && LastBoxed(visible) is { } boxed)
        {
            return new Extraction(boxed, ExtractionMethod.Boxed, false);
        }
        return Extraction.None;
    }

    /// <summary>Flexible extraction: every format in order, then a flagged fallback chosen by the answer kind.</summary>
    /// <param name="optionCount">Number of lettered options; letters beyond it are never taken as an answer.</param>
    public static Extraction Flexible(string output, AnswerKind kind, int optionCount)
    {
        var visible = ReasoningTrace.Strip(output);
        if (LastAnswerTag(visible) is { } tagged)
        {
            return new Extraction(tagged, ExtractionMethod.AnswerTag, false);
        }
        if (LastBoxed(visible) is { } boxed)
        {
            return new Extraction(boxed, ExtractionMethod.Boxed, false);
        }
        if (LastAnswerPhrase(visible) is { } phrased)
        {
            return new Extraction(phrased, ExtractionMethod.Phrase, false);
        }
        if (UnclosedAnswerTag(visible, multiline: kind == AnswerKind.Plan) is { } unclosed)
        {
            return new Extraction(unclosed, ExtractionMethod.UnclosedAnswerTag, true);
        }
        if (kind == AnswerKind.Number && LastNumber(visible) is { } number)
        {
            return new Extraction(number, ExtractionMethod.LastNumber, true);
        }
        if ((kind == AnswerKind.Choice || optionCount > 0) && LastOptionLetter(visible, optionCount) is { } letter)
        {
            return new Extraction(letter, ExtractionMethod.LastOptionLetter, true);
        }
        return Extraction.None;
    }

    /// <summary>
    /// Content of the last &lt;answer&gt;...&lt;/answer&gt; block that holds something other than a placeholder.
    /// Models sometimes echo the instruction ("&lt;answer&gt;...&lt;/answer&gt;") before answering; those are skipped.
    /// </summary>
    public static string? LastAnswerTag(string text)
    {
        var blocks = AnswerTagPattern().Matches(text);
        for (var i = blocks.Count - 1; i >= 0; i--)
        {
            var answer = Clean(blocks[i].Groups[1].Value);
            if (answer.Length > 0 && !IsPlaceholder(answer))
            {
                return answer;
            }
        }
        return null;
    }

    /// <summary>
    /// The text after a final &lt;answer&gt; that has no closing tag, if that is the last tag in the output: its first
    /// line, or all of it when <paramref name="multiline"/> (plans are written one action per line).
    /// </summary>
    public static string? UnclosedAnswerTag(string text, bool multiline = false)
    {
        var open = text.LastIndexOf("<answer>", StringComparison.OrdinalIgnoreCase);
        if (open < 0 || text.IndexOf("</answer>", open, StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return null;
        }
        var rest = text[(open + "<answer>".Length)..];
        var answer = Clean(multiline ? rest : FirstLine(rest));
        return answer.Length > 0 && !IsPlaceholder(answer) ? answer : null;
    }

    /// <summary>Content of the last \boxed{...}, with nested braces balanced; a box never closed is ignored.</summary>
    public static string? LastBoxed(string text)
    {
        var search = text.Length;
        while (search > 0)
        {
            var start = text.LastIndexOf(@"\boxed", search - 1, StringComparison.Ordinal);
            if (start < 0)
            {
                return null;
            }
            var brace = start + @"\boxed".Length;
            while (brace < text.Length && text[brace] == ' ')
            {
                brace++;
            }
            if (brace < text.Length && text[brace] == '{' && BalancedContent(text, brace) is { } content)
            {
                var answer = Clean(UnwrapText(content));
                if (answer.Length > 0)
                {
                    return answer;
                }
            }
            search = start;
        }
        return null;
    }

    /// <summary>
    /// The last "the answer is X" or "final answer: X", X running to the end of its sentence or line, and ending
    /// before a reason given in the same sentence ("42 because ...", "Paris, which is ...").
    /// </summary>
    public static string? LastAnswerPhrase(string text)
    {
        var matches = AnswerPhrasePattern().Matches(text);
        for (var i = matches.Count - 1; i >= 0; i--)
        {
            var rest = matches[i].Groups["rest"];
            var answer = Clean(UntilSentenceEnd(rest.Value));
            if (answer.Length == 0 && i == matches.Count - 1)
            {
                // "Final answer:" as a heading, with the answer on the next non-empty line.
                answer = Clean(UntilSentenceEnd(NextLine(text, rest.Index + rest.Length)));
            }
            if (answer.Length > 0 && !IsPlaceholder(answer))
            {
                return answer;
            }
        }
        return null;
    }

    /// <summary>The last number written in the text, as written (sign, currency, thousands separators kept).</summary>
    public static string? LastNumber(string text)
    {
        var matches = NumberPattern().Matches(text);
        return matches.Count == 0 ? null : matches[^1].Value.TrimEnd('.');
    }

    /// <summary>
    /// The last capital letter that stands alone and names an option ("(B)", "B.", "answer B"). The article "A"
    /// and the pronoun "I" followed by a lower-case word ("A car", "I think") are prose, not options.
    /// </summary>
    public static string? LastOptionLetter(string text, int optionCount)
    {
        if (optionCount <= 0)
        {
            return null;
        }
        var matches = StandaloneLetterPattern().Matches(text);
        for (var i = matches.Count - 1; i >= 0; i--)
        {
            var match = matches[i];
            var letter = match.Value[0];
            if (letter - 'A' >= optionCount)
            {
                continue;
            }
            if (IsProseWord(text, match.Index + 1))
            {
                continue;
            }
            return letter.ToString();
        }
        return null;
    }

    private static bool IsProseWord(string text, int after)
    {
        // "A car", "I think": a single capital followed by a space and a lower-case word is a word of prose.
        var next = after;
        if (next >= text.Length || text[next] != ' ')
        {
            return false;
        }
        while (next < text.Length && text[next] == ' ')
        {
            next++;
        }
        return next < text.Length && char.IsLower(text[next]);
    }

    private static string? BalancedContent(string text, int openBrace)
    {
        var depth = 0;
        for (var i = openBrace; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && (text[i + 1] == '{' || text[i + 1] == '}'))
            {
                i++;
                continue;
            }
            if (text[i] == '{')
            {
                depth++;
            }
            else if (text[i] == '}' && --depth == 0)
            {
                return text[(openBrace + 1)..i];
            }
        }
        return null;
    }

    private static string UnwrapText(string content)
    {
        var trimmed = content.Trim();
        foreach (var command in new[] { @"\text{", @"\textbf{", @"\mathrm{" })
        {
            if (trimmed.StartsWith(command, StringComparison.Ordinal) && trimmed.EndsWith('}')
                && BalancedContent(trimmed, command.Length - 1) is { } inner && inner.Length == trimmed.Length - command.Length - 1)
            {
                return inner;
            }
        }
        return content;
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.TrimStart();
        var newline = trimmed.IndexOf('\n');
        return newline < 0 ? trimmed : trimmed[..newline];
    }

    private static string NextLine(string text, int from)
    {
        var newline = text.IndexOf('\n', from);
        return newline < 0 ? "" : FirstLine(text[(newline + 1)..]);
    }

    private static string UntilSentenceEnd(string rest)
    {
        var line = FirstLine(rest);
        // A full stop ends the sentence only when followed by a space; "1,234.50" keeps its decimal point.
        var stop = SentenceEndPattern().Match(line);
        var sentence = stop.Success ? line[..stop.Index] : line;
        // The reason is not part of the answer; a clause word at the very start ("since 3 + 4 ...") is left alone.
        var reason = ReasonClausePattern().Match(sentence);
        return reason.Success && reason.Index > 0 && sentence[..reason.Index].Trim().Length > 0 ? sentence[..reason.Index] : sentence;
    }

    /// <summary>Removes decoration that never belongs to an answer: markdown emphasis, math delimiters, final punctuation.</summary>
    internal static string Clean(string answer)
    {
        var text = answer.Trim();
        string previous;
        do
        {
            previous = text;
            text = text.Trim().TrimEnd('.', ',', ';', ':', '!').Trim();
            text = StripPair(text, "**", "**");
            text = StripPair(text, "__", "__");
            // A bold heading ("**Final Answer:**") leaves lone asterisks behind; no answer starts or ends with one.
            text = text.Trim('*');
            text = StripPair(text, "`", "`");
            text = StripPair(text, @"\(", @"\)");
            text = StripPair(text, @"\[", @"\]");
            if (text.Length > 2 && text[0] == '$' && text[^1] == '$')
            {
                text = text.Trim('$');
            }
        }
        while (text != previous);
        return text;
    }

    private static string StripPair(string text, string open, string close) =>
        text.Length >= open.Length + close.Length && text.StartsWith(open, StringComparison.Ordinal)
            && text.EndsWith(close, StringComparison.Ordinal)
            ? text[open.Length..^close.Length]
            : text;

    private static bool IsPlaceholder(string answer) =>
        answer is "..." or "…" || answer.Equals("your answer", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"<answer>(.*?)</answer>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AnswerTagPattern();

    [GeneratedRegex(@"(?:final\s+answer\s*(?:is)?\s*[:：]?|the\s+answer\s+is\s*[:：]?)(?<rest>(?:(?!the\s+answer\s+is|final\s+answer)[^\n])*)", RegexOptions.IgnoreCase)]
    private static partial Regex AnswerPhrasePattern();

    [GeneratedRegex(@"\s*(?:[,;:]?\s+(?:because|since|given\s+that|due\s+to)|[,;]\s+(?:which|as|so|that\s+is)|\s+[–—]\s+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReasonClausePattern();

    [GeneratedRegex(@"[.!?](?=\s|$)")]
    private static partial Regex SentenceEndPattern();

    [GeneratedRegex(@"[-−]?\$?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:/[0-9]+)?")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9'’])[A-Z](?![A-Za-z0-9'’])")]
    private static partial Regex StandaloneLetterPattern();
}

/// <summary>Reasoning models wrap their private reasoning in think tags; it must never be mistaken for the answer.</summary>
public static partial class ReasoningTrace
{
    /// <summary>
    /// Removes every &lt;think&gt;...&lt;/think&gt; block. An unclosed &lt;think&gt; hides everything after it (the model
    /// ran out of tokens while thinking). A &lt;/think&gt; with no opening hides everything before it, because chat
    /// templates of reasoning models often put the opening tag in the prompt.
    /// </summary>
    public static string Strip(string output)
    {
        var text = ClosedBlockPattern().Replace(output, "");
        var strayClose = text.LastIndexOf("</think>", StringComparison.OrdinalIgnoreCase);
        if (strayClose >= 0)
        {
            text = text[(strayClose + "</think>".Length)..];
        }
        var unclosed = text.IndexOf("<think>", StringComparison.OrdinalIgnoreCase);
        if (unclosed >= 0)
        {
            text = text[..unclosed];
        }
        return text;
    }

    [GeneratedRegex(@"<think>.*?</think>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ClosedBlockPattern();
}
