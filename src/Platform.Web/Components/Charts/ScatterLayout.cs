namespace Platform.Web.Components.Charts;

/// <summary>A scatter entry at its screen position; frontier entries are drawn emphasised and labelled.</summary>
public sealed record PlacedScatterPoint(
    ScatterPoint Source, SeriesStyle Style, double X, double Y, bool OnFrontier, string Tooltip, LabelPosition? Label);

/// <summary>Geometry of the accuracy-versus-tokens scatter with its Pareto frontier.</summary>
public sealed class ScatterLayout
{
    private ScatterLayout() { }

    public required PlotArea Plot { get; init; }
    public required IChartScale XScale { get; init; }
    public required LinearScale YScale { get; init; }
    public required IReadOnlyList<PlacedScatterPoint> Points { get; init; }
    /// <summary>SVG polyline points of the frontier step line, empty when there is nothing to connect.</summary>
    public required string FrontierLine { get; init; }
    public required IReadOnlyList<LegendEntry> Legend { get; init; }
    public required double Width { get; init; }
    public required double Height { get; init; }

    public static ScatterLayout Create(IReadOnlyList<ScatterPoint> points, bool logTokens, double plotWidth = 480, double plotHeight = 300)
    {
        ArgumentNullException.ThrowIfNull(points);
        Validate(points, logTokens);

        var plot = new PlotArea(64, ChartMetrics.TitleBandHeight + 10, plotWidth, plotHeight);
        var maxTokens = points.Max(p => p.MeanTokens);
        IChartScale xScale = logTokens
            ? LogScale.Nice(points.Min(p => p.MeanTokens), maxTokens, plot.Left, plot.Right)
            // Cost axes start at zero: zooming in on 900..1,000 tokens would make a 10% difference look tenfold.
            : LinearScale.Nice(0, maxTokens > 0 ? maxTokens : 1, plot.Left, plot.Right);
        var yScale = new LinearScale(0, 1, plot.Bottom, plot.Top, LinearScale.TickValues(0, 1, 5));
        var styles = SeriesPalette.Assign(points.Select(p => p.Name));

        var indices = Enumerable.Range(0, points.Count).ToList();
        var frontier = ParetoFrontier.Compute(indices, i => points[i].MeanTokens, i => points[i].Accuracy);
        var onFrontier = frontier.ToHashSet();

        var screen = points.Select(p => (X: xScale.Map(p.MeanTokens), Y: yScale.Map(p.Accuracy))).ToList();
        var step = ParetoFrontier.StepVertices(frontier.Select(i => screen[i]).ToList());
        var labels = LabelPlacement.Place(
            frontier.Select(i => (screen[i].X, screen[i].Y, points[i].Name)).ToList(),
            screen,
            plot,
            ChartMetrics.MarkerRadius + 2,
            step.Zip(step.Skip(1)).ToList());
        var labelOf = frontier.Select((pointIndex, order) => (pointIndex, order)).ToDictionary(e => e.pointIndex, e => labels[e.order]);

        var placed = new List<PlacedScatterPoint>(points.Count);
        for (var index = 0; index < points.Count; index++)
        {
            var point = points[index];
            var tooltip = $"{point.Name}: {ChartFormat.Percent(point.Accuracy)} at {ChartFormat.Count(point.MeanTokens)} mean output tokens";
            if (point.Low is { } low && point.High is { } high)
                tooltip += $" (95% interval {ChartFormat.PercentRange(low, high)})";
            if (onFrontier.Contains(index))
                tooltip += ", on the frontier";
            placed.Add(new PlacedScatterPoint(
                point, styles[point.Name], screen[index].X, screen[index].Y, onFrontier.Contains(index), tooltip,
                labelOf.GetValueOrDefault(index)));
        }

        var legendWidth = ChartMetrics.LegendWidth(points.Select(p => p.Name).Append("Pareto frontier"));
        return new ScatterLayout
        {
            Plot = plot,
            XScale = xScale,
            YScale = yScale,
            Points = placed,
            FrontierLine = step.Count > 1 ? string.Join(' ', step.Select(v => $"{ChartFormat.Svg(v.X)},{ChartFormat.Svg(v.Y)}")) : "",
            Legend = ChartMetrics.StackLegend(points.Select(p => p.Name), styles, plot.Right + 24, plot.Top + 6),
            Width = Math.Ceiling(plot.Right + 24 + legendWidth),
            Height = Math.Ceiling(Math.Max(plot.Bottom + 52, plot.Top + (points.Count + 2) * ChartMetrics.LegendRowHeight)),
        };
    }

    private static void Validate(IReadOnlyList<ScatterPoint> points, bool logTokens)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var point in points)
        {
            ChartMetrics.RequireLabel(point.Name, "A scatter point");
            if (!names.Add(point.Name))
                throw new ArgumentException($"'{point.Name}' appears twice in the scatter chart; give each point a distinct name.");
            if (!double.IsFinite(point.MeanTokens) || point.MeanTokens < 0 || (logTokens && point.MeanTokens == 0))
                throw new ArgumentException(
                    $"'{point.Name}' has mean output tokens {point.MeanTokens.ToString(System.Globalization.CultureInfo.InvariantCulture)}; "
                    + (logTokens ? "a log axis needs counts greater than zero." : "token counts cannot be negative."));
            ChartMetrics.RequireAccuracy(point.Accuracy, $"'{point.Name}'");
            ChartMetrics.RequireInterval(point.Accuracy, point.Low, point.High, $"'{point.Name}'");
        }
    }
}
