namespace Platform.Web.Components.Charts;

/// <summary>The rectangle inside a chart where data is drawn, in SVG user units.</summary>
public sealed record PlotArea(double Left, double Top, double Width, double Height)
{
    public double Right => Left + Width;
    public double Bottom => Top + Height;
}

/// <summary>One row of a chart legend, already positioned.</summary>
public sealed record LegendEntry(string Name, SeriesStyle Style, double X, double Y);

/// <summary>The values behind a chart as rows of text, for the table screen readers and text browsers get.</summary>
public sealed record ChartTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>Layout constants shared by the charts so they look like one family on a page.</summary>
public static class ChartMetrics
{
    public const double FontSize = 12;
    public const double TitleFontSize = 15;
    public const double TitleBandHeight = 34;
    public const double LegendRowHeight = 20;
    public const double MarkerRadius = 4.5;

    /// <summary>Legend entries stacked from (<paramref name="x"/>, <paramref name="y"/>) downwards, one per series.</summary>
    public static IReadOnlyList<LegendEntry> StackLegend(
        IEnumerable<string> names, IReadOnlyDictionary<string, SeriesStyle> styles, double x, double y) =>
        names.Select((name, index) => new LegendEntry(name, styles[name], x, y + index * LegendRowHeight)).ToList();

    public static double LegendWidth(IEnumerable<string> names) =>
        names.Select(name => ChartFormat.EstimateTextWidth(name, FontSize)).DefaultIfEmpty(0).Max() + 36;

    internal static void RequireLabel(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new ArgumentException($"{what} has an empty name; every row, column and series needs a label to show.");
    }

    internal static void RequireAccuracy(double value, string where)
    {
        if (!double.IsFinite(value) || value < 0 || value > 1)
            throw new ArgumentException(
                $"{where} has accuracy {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; accuracies must be fractions between 0 and 1.");
    }

    internal static void RequireInterval(double value, double? low, double? high, string where)
    {
        if (low is null && high is null)
            return;
        if (low is null || high is null)
            throw new ArgumentException($"{where} has only one end of its interval; give both Low and High, or neither.");
        RequireAccuracy(low.Value, where + " (interval low)");
        RequireAccuracy(high.Value, where + " (interval high)");
        if (low > value || value > high)
            throw new ArgumentException(
                $"{where} has interval {ChartFormat.PercentRange(low.Value, high.Value)} that does not contain its value {ChartFormat.Percent(value)}.");
    }
}
