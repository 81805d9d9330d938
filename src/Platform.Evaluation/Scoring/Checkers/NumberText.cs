using System.Text.RegularExpressions;

namespace Platform.Evaluation.Scoring.Checkers;

/// <summary>One number found in a piece of text, with whether it carried a percent sign.</summary>
public sealed record NumberReading(Rational Value, bool IsPercent, string Text)
{
    /// <summary>The values this reading may stand for: a percentage is read both as written and divided by 100.</summary>
    public IEnumerable<Rational> PossibleValues =>
        IsPercent ? [Value, Value / Rational.Hundred] : [Value];
}

/// <summary>
/// Reads numbers the way people write them in answers: "1,234", "$12.50", "-3", "3/4", "1 1/2", "45%",
/// "2.5e3", "12 apples", and, when an answer has no digits at all, English number words ("twenty-five").
/// Decimal commas ("12,5") are not a number form here: they read as two numbers.
/// </summary>
public static partial class NumberText
{
    [GeneratedRegex("""
        (?<![0-9.])
        (?<sign>[-+])?
        (?:
            (?<whole>[0-9]+)[ ]+(?<mnum>[0-9]+)[ ]*/[ ]*(?<mden>[0-9]+)
          | (?<fnum>[0-9]+)[ ]*/[ ]*(?<fden>[0-9]+)
          | (?<int>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.(?<frac>[0-9]+))?(?:[eE](?<exp>[-+]?[0-9]{1,4})(?![0-9]))?
          | \.(?<bare>[0-9]+)
        )
        (?![0-9/])
        (?<pct>[ ]*(?:%|percent\b|per[ ]cent\b))?
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    /// <summary>Every number in the text, left to right.</summary>
    public static IReadOnlyList<NumberReading> FindAll(string text)
    {
        var cleaned = text.Replace('\u2212', '-').Replace('\u2013', '-').Replace('\u00a0', ' ').Replace('\u202f', ' ');
        var found = new List<NumberReading>();
        foreach (Match match in NumberPattern().Matches(cleaned))
        {
            var reading = Read(match);
            if (reading is not null) found.Add(reading);
        }
        return found;
    }

    /// <summary>
    /// The one number an answer gives. Several numbers are accepted only when they all have the same value
    /// ("12 (twelve dozen is 12)"); otherwise <paramref name="problem"/> says what was ambiguous.
    /// </summary>
    public static bool TryReadSingle(string text, out NumberReading reading, out string problem)
    {
        var all = FindAll(text);
        if (all.Count == 0) all = NumberWords.FindAll(text);
        reading = null!;
        problem = "";
        if (all.Count == 0) { problem = $"'{Shorten(text)}' contains no number"; return false; }
        var first = all[0];
        if (all.Skip(1).Any(r => r.Value != first.Value || r.IsPercent != first.IsPercent))
        {
            problem = $"'{Shorten(text)}' contains several different numbers ({string.Join(", ", all.Select(r => r.Text))}); give exactly one";
            return false;
        }
        reading = first;
        return true;
    }

    private static NumberReading? Read(Match m)
    {
        var negative = m.Groups["sign"].Value == "-";
        Rational value;
        if (m.Groups["whole"].Success)
        {
            var den = Rational.ParseDecimal(m.Groups["mden"].Value);
            if (den.IsZero) return null;
            value = Rational.ParseDecimal(m.Groups["whole"].Value) + Rational.ParseDecimal(m.Groups["mnum"].Value) / den;
        }
        else if (m.Groups["fnum"].Success)
        {
            var den = Rational.ParseDecimal(m.Groups["fden"].Value);
            if (den.IsZero) return null;
            value = Rational.ParseDecimal(m.Groups["fnum"].Value) / den;
        }
        else if (m.Groups["int"].Success)
        {
            var exponent = m.Groups["exp"].Success ? int.Parse(m.Groups["exp"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            value = Rational.ParseDecimal(m.Groups["int"].Value.Replace(",", ""), m.Groups["frac"].Value, exponent);
        }
        else
        {
            value = Rational.ParseDecimal("0", m.Groups["bare"].Value);
        }
        return new NumberReading(negative ? -value : value, m.Groups["pct"].Success, m.Value.Trim());
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
