using System.Text.RegularExpressions;

namespace Platform.Evaluation.Scoring;

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
