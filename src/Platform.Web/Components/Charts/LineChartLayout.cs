namespace Platform.Web.Components.Charts;

/// <summary>A data point at its screen position, with the whisker ends when it has an interval.</summary>
public sealed record PlacedPoint(double X, double Y, double? LowY, double? HighY, string Tooltip);

/// <summary>One series ready to draw: its polyline and its points.</summary>
public sealed record PlacedSeries(string Name, SeriesStyle Style, string LinePoints, IReadOnlyList<PlacedPoint> Points);

/// <summary>Geometry of the accuracy-by-level line chart. The y axis is always 0..100% so charts can be compared.</summary>
public sealed class LineChartLayout
{
    private LineChartLayout() { }

    public required PlotArea Plot { get; init; }
    public required LinearScale XScale { get; init; }
    public required LinearScale YScale { get; init; }
    public required IReadOnlyList<PlacedSeries> Series { get; init; }
    public required IReadOnlyList<LegendEntry> Legend { get; init; }
    public required double Width { get; init; }
    public required double Height { get; init; }

    public static LineChartLayout Create(
        IReadOnlyList<ChartSeries> series, bool showIntervals, string xLabel, Func<double, string> xFormat,
        double plotWidth = 480, double plotHeight = 280)
    {
        ArgumentNullException.ThrowIfNull(series);
        Validate(series);

        var legendWidth = ChartMetrics.LegendWidth(series.Select(s => s.Name));
        var plot = new PlotArea(64, ChartMetrics.TitleBandHeight + 10, plotWidth, plotHeight);
        var xValues = series.SelectMany(s => s.Points).Select(p => p.X).ToList();
        var xScale = XScaleFor(xValues, plot);
        var yScale = new LinearScale(0, 1, plot.Bottom, plot.Top, LinearScale.TickValues(0, 1, 5));
        var styles = SeriesPalette.Assign(series.Select(s => s.Name));

        var placed = new List<PlacedSeries>(series.Count);
        foreach (var line in series)
        {
            var points = line.Points
                .OrderBy(point => point.X)
                .Select(point =>
                {
                    var tooltip = $"{line.Name}, {xLabel} {xFormat(point.X)}: {ChartFormat.Percent(point.Y)}";
                    if (point.HasInterval)
                        tooltip += $" (95% interval {ChartFormat.PercentRange(point.Low!.Value, point.High!.Value)})";
                    var withInterval = showIntervals && point.HasInterval;
                    return new PlacedPoint(
                        xScale.Map(point.X), yScale.Map(point.Y),
                        withInterval ? yScale.Map(point.Low!.Value) : null,
                        withInterval ? yScale.Map(point.High!.Value) : null,
                        tooltip);
                })
                .ToList();
            var polyline = string.Join(' ', points.Select(p => $"{ChartFormat.Svg(p.X)},{ChartFormat.Svg(p.Y)}"));
            placed.Add(new PlacedSeries(line.Name, styles[line.Name], polyline, points));
        }

        return new LineChartLayout
        {
            Plot = plot,
            XScale = xScale,
            YScale = yScale,
            Series = placed,
            Legend = ChartMetrics.StackLegend(series.Select(s => s.Name), styles, plot.Right + 24, plot.Top + 6),
            Width = Math.Ceiling(plot.Right + 24 + legendWidth),
            Height = Math.Ceiling(Math.Max(plot.Bottom + 52, plot.Top + (series.Count + 1) * ChartMetrics.LegendRowHeight)),
        };
    }

    /// <summary>
    /// Whole-number x values (difficulty levels) get one tick per level and half a level of padding, so the first
    /// and last points do not sit on the plot edge; other data gets a nice linear scale.
    /// </summary>
    private static LinearScale XScaleFor(IReadOnlyList<double> xValues, PlotArea plot)
    {
        var min = xValues.Min();
        var max = xValues.Max();
        if (xValues.All(x => x == Math.Floor(x)) && max - min <= 20)
        {
            var ticks = Enumerable.Range(0, (int)(max - min) + 1).Select(offset => min + offset).ToList();
            return new LinearScale(min - 0.5, max + 0.5, plot.Left, plot.Right, ticks);
        }
        return LinearScale.Nice(min, max, plot.Left, plot.Right);
    }

    private static void Validate(IReadOnlyList<ChartSeries> series)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in series)
        {
            ChartMetrics.RequireLabel(line.Name, "A line chart series");
            if (!names.Add(line.Name))
                throw new ArgumentException($"Series '{line.Name}' appears twice in the line chart; give each series a distinct name.");
            var xs = new HashSet<double>();
            foreach (var point in line.Points)
            {
                var where = $"Series '{line.Name}' at x = {ChartFormat.Number(point.X)}";
                LinearScale.RequireFinite(point.X, nameof(point.X));
                ChartMetrics.RequireAccuracy(point.Y, where);
                ChartMetrics.RequireInterval(point.Y, point.Low, point.High, where);
                if (!xs.Add(point.X))
                    throw new ArgumentException($"{where} has two points; a series may have one value per x.");
            }
        }
    }
}
