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
    /// <summary>"the answer is X", "final answer: X", "Answer: X".</summary>
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
    public const string Version = "extract-3";

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
    /// <param name="truncated">The output stopped at the token limit: it was cut mid-reasoning, so no fallback is
    /// guessed from it, and an answer phrase counts only if something followed it before the cut.</param>
    public static Extraction Flexible(string output, AnswerKind kind, int optionCount, bool truncated = false)
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
        if (LastAnswerPhrase(visible, kind, truncated) is { } phrased)
        {
            return new Extraction(phrased, ExtractionMethod.Phrase, false);
        }
        if (truncated)
        {
            return Extraction.None;
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
    /// A <c>\boxed{}</c> inside the tag marks the answer within it.
    /// </summary>
    public static string? LastAnswerTag(string text)
    {
        var blocks = AnswerTagPattern().Matches(text);
        for (var i = blocks.Count - 1; i >= 0; i--)
        {
            var content = blocks[i].Groups[1].Value;
            var answer = LastBoxed(content) ?? Clean(content);
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
                var answer = Clean(content);
                if (answer.Length > 0)
                {
                    return answer;
                }
            }
            search = start;
        }
        return null;
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

    /// <summary>
    /// Removes decoration that never belongs to an answer: markdown emphasis and code, math delimiters, a LaTeX text
    /// command around all of it, final punctuation.
    /// </summary>
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
            text = UnwrapText(text);
        }
        while (text != previous);
        return text;
    }

    private static string StripPair(string text, string open, string close) =>
        text.Length >= open.Length + close.Length && text.StartsWith(open, StringComparison.Ordinal)
            && text.EndsWith(close, StringComparison.Ordinal)
            ? text[open.Length..^close.Length]
            : text;

    /// <summary>Echoed instructions: "...", "your answer", or a bracketed description such as StyleBench's
    /// "[Only answer the answer to the question]".</summary>
    private static bool IsPlaceholder(string answer) =>
        answer is "..." or "…" || answer.Equals("your answer", StringComparison.OrdinalIgnoreCase)
        || BracketedInstruction().IsMatch(answer);

    [GeneratedRegex(@"<answer>(.*?)</answer>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AnswerTagPattern();

    [GeneratedRegex(@"^\[[^\]\d]*\banswer\b[^\]\d]*\]$", RegexOptions.IgnoreCase)]
    private static partial Regex BracketedInstruction();
}
