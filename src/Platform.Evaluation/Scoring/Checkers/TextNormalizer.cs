using System.Globalization;
using System.Text;

namespace Platform.Evaluation.Scoring.Checkers;

/// <summary>
/// The one normalisation every text comparison uses: Unicode compatibility form, lower case, punctuation
/// dropped, runs of whitespace collapsed. "Don't  Stop!" and "dont stop" are equal after it.
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string text, bool ignoreSpaces = false)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var rune in text.Normalize(NormalizationForm.FormKC).EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                if (pendingSpace && builder.Length > 0 && !ignoreSpaces) builder.Append(' ');
                pendingSpace = false;
                builder.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else if (Rune.IsWhiteSpace(rune))
            {
                pendingSpace = true;
            }
            else if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol)
            {
                // Symbols carry meaning ("+", "$"); keep them as their own word.
                if (builder.Length > 0 && !ignoreSpaces) builder.Append(' ');
                builder.Append(rune.ToString());
                pendingSpace = true;
            }
            // other punctuation is dropped: quotes, full stops, hyphens, apostrophes
        }
        return builder.ToString();
    }
}
