using System.Globalization;

namespace Platform.Templating;

/// <summary>C's number formats, as llama.cpp prints numbers.</summary>
internal static class NumberFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string? NonFinite(double d) =>
        double.IsNaN(d) ? (double.IsNegative(d) ? "-nan" : "nan")
        : double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf" : null;

    /// <summary>std::to_string(double) ("%f"), with trailing zeros removed but one digit kept after the point.</summary>
    public static string Fixed6Trimmed(double d)
    {
        var s = NonFinite(d) ?? d.ToString("F6", Inv);
        if (s.Contains('.'))
        {
            s = s.TrimEnd('0');
            if (s.EndsWith('.')) s += "0";
        }
        return s;
    }

    /// <summary>An ostream's default double output ("%g", six significant digits).</summary>
    public static string General6(double d)
    {
        if (NonFinite(d) is { } nf) return nf;
        if (d == 0) return double.IsNegative(d) ? "-0" : "0";
        var e = d.ToString("E5", Inv); // d.ddddde+xxx after rounding to six significant digits
        int exp = int.Parse(e[(e.IndexOf('E') + 1)..], Inv);
        if (exp < -4 || exp >= 6)
        {
            var mantissa = e[..e.IndexOf('E')];
            if (mantissa.Contains('.')) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
            return mantissa + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", Inv);
        }
        var fixedText = d.ToString("F" + (5 - exp), Inv);
        if (fixedText.Contains('.')) fixedText = fixedText.TrimEnd('0').TrimEnd('.');
        return fixedText;
    }
}
