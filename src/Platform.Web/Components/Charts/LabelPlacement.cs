namespace Platform.Web.Components.Charts;

/// <summary>Where a point label's text goes: SVG x/y of the text and its text-anchor.</summary>
public sealed record LabelPosition(double X, double Y, string Anchor);

/// <summary>
/// Greedy placement of point labels: each label takes the first of a few positions around its point that stays in
/// the plot and clears every marker and earlier label. Frontier points cluster where styles are cheap, and a label
/// drawn over a neighbouring marker hides exactly the comparison the chart is for.
/// </summary>
public static class LabelPlacement
{
    private const double Gap = 11;
    private const double Ascent = 10;
    private const double Descent = 3;

    private readonly record struct Box(double Left, double Top, double Right, double Bottom)
    {
        public double OverlapArea(Box other) =>
            Math.Max(0, Math.Min(Right, other.Right) - Math.Max(Left, other.Left))
            * Math.Max(0, Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top));

        public double OutsideArea(PlotArea area) =>
            (Right - Left) * (Bottom - Top) - OverlapArea(new Box(area.Left, area.Top, area.Right, area.Bottom));
    }

    /// <param name="labels">Point positions and label text, in drawing order; earlier labels get first pick.</param>
    /// <param name="markers">Every marker on the chart (labelled or not), as centres.</param>
    /// <param name="bounds">The area labels should stay inside.</param>
    /// <param name="markerRadius">Half the size of a marker's square footprint.</param>
    /// <param name="lines">Horizontal or vertical segments labels should not cover, such as the frontier step line.</param>
    public static IReadOnlyList<LabelPosition> Place(
        IReadOnlyList<(double X, double Y, string Text)> labels,
        IReadOnlyList<(double X, double Y)> markers,
        PlotArea bounds,
        double markerRadius = 6,
        IReadOnlyList<((double X, double Y) From, (double X, double Y) To)>? lines = null)
    {
        var obstacles = markers
            .Select(m => new Box(m.X - markerRadius, m.Y - markerRadius, m.X + markerRadius, m.Y + markerRadius))
            .Concat((lines ?? []).Select(line => new Box(
                Math.Min(line.From.X, line.To.X) - 1.5, Math.Min(line.From.Y, line.To.Y) - 1.5,
                Math.Max(line.From.X, line.To.X) + 1.5, Math.Max(line.From.Y, line.To.Y) + 1.5)))
            .ToList();
        var placed = new List<LabelPosition>(labels.Count);
        foreach (var (x, y, text) in labels)
        {
            var width = ChartFormat.EstimateTextWidth(text, ChartMetrics.FontSize);
            LabelPosition? best = null;
            Box bestBox = default;
            var bestPenalty = double.MaxValue;
            foreach (var candidate in Candidates(x, y))
            {
                var box = BoxOf(candidate, width);
                var penalty = obstacles.Sum(obstacle => box.OverlapArea(obstacle)) + box.OutsideArea(bounds);
                if (penalty < bestPenalty)
                {
                    (best, bestBox, bestPenalty) = (candidate, box, penalty);
                    if (penalty == 0)
                        break;
                }
            }
            placed.Add(best!);
            obstacles.Add(bestBox);
        }
        return placed;
    }

    // Right of the point first (reads naturally), then left, above, below, then the diagonals.
    private static IEnumerable<LabelPosition> Candidates(double x, double y)
    {
        var baseline = y + (Ascent - Descent) / 2;
        yield return new LabelPosition(x + Gap, baseline, "start");
        yield return new LabelPosition(x - Gap, baseline, "end");
        yield return new LabelPosition(x, y - Gap - Descent, "middle");
        yield return new LabelPosition(x, y + Gap + Ascent, "middle");
        yield return new LabelPosition(x + Gap * 0.7, y - Gap, "start");
        yield return new LabelPosition(x + Gap * 0.7, y + Gap + Ascent - 2, "start");
        yield return new LabelPosition(x - Gap * 0.7, y - Gap, "end");
        yield return new LabelPosition(x - Gap * 0.7, y + Gap + Ascent - 2, "end");
    }

    private static Box BoxOf(LabelPosition position, double width)
    {
        var left = position.Anchor switch
        {
            "start" => position.X,
            "end" => position.X - width,
            _ => position.X - width / 2,
        };
        return new Box(left, position.Y - Ascent, left + width, position.Y + Descent);
    }
}
