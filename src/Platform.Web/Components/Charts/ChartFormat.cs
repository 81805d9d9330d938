using System.Globalization;
using System.Text;

namespace Platform.Web.Components.Charts;

/// <summary>
/// Culture-invariant text for chart markup. SVG coordinates must use '.' as the decimal separator whatever
/// the server culture is, and identical input must give byte-identical markup.
/// </summary>
public static class ChartFormat
{
    /// <summary>An SVG coordinate or length, at most two decimals.</summary>
    public static string Svg(double value) =>
        Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>An accuracy in 0..1 as a whole percentage, e.g. 0.724 gives "72%".</summary>
    public static string Percent(double fraction) =>
        Math.Round(fraction * 100, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>An interval such as "64–79%".</summary>
    public static string PercentRange(double low, double high) =>
        Math.Round(low * 100, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + "–" + Percent(high);

    /// <summary>A plain number for tick labels: integers without decimals, others with up to three.</summary>
    public static string Number(double value) =>
        value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A count for axis ticks where space is short: 950, 1.2k, 15k, 2.5M.</summary>
    public static string CompactCount(double value)
    {
        var magnitude = Math.Abs(value);
        if (magnitude >= 1_000_000)
            return (value / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "M";
        if (magnitude >= 1_000)
            return (value / 1_000).ToString("0.#", CultureInfo.InvariantCulture) + "k";
        return value.ToString("0.#", CultureInfo.InvariantCulture);
    }

    /// <summary>A count written out in full for tooltips and tables: 1,234.</summary>
    public static string Count(double value) =>
        value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>
    /// A stable element id derived from a chart title, so title/desc references stay the same across renders.
    /// Pages that show two charts with the same title must pass an explicit id.
    /// </summary>
    public static string IdFrom(string text)
    {
        var slug = new StringBuilder("chart-");
        var lastWasDash = true;
        foreach (var character in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(character))
            {
                slug.Append(character);
                lastWasDash = false;
            }
            else if (!lastWasDash)
            {
                slug.Append('-');
                lastWasDash = true;
            }
        }
        return slug.ToString().TrimEnd('-');
    }

    /// <summary>
    /// A rough width for a label in a sans-serif font. Server rendering cannot measure text, so layout reserves
    /// a slightly generous average glyph width rather than risk clipping.
    /// </summary>
    public static double EstimateTextWidth(string text, double fontSize) => text.Length * fontSize * 0.6;
}
