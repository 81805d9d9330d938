namespace Platform.Web.Components.Charts;

/// <summary>
/// The accuracy-for-cost frontier: the entries no other entry beats on both accuracy and tokens.
/// </summary>
public static class ParetoFrontier
{
    /// <summary>
    /// The items that are not dominated, ordered by cost ascending (ties keep input order). An item is dominated
    /// when another has benefit at least as high and cost at least as low, and is strictly better in one of them.
    /// Exact duplicates do not dominate each other, so both stay on the frontier.
    /// </summary>
    /// <remarks>Quadratic, which is fine for the tens of styles a chart shows and keeps the rule easy to audit.</remarks>
    public static IReadOnlyList<T> Compute<T>(IReadOnlyList<T> items, Func<T, double> cost, Func<T, double> benefit)
    {
        ArgumentNullException.ThrowIfNull(items);
        var costs = new double[items.Count];
        var benefits = new double[items.Count];
        for (var index = 0; index < items.Count; index++)
        {
            costs[index] = cost(items[index]);
            benefits[index] = benefit(items[index]);
            if (!double.IsFinite(costs[index]) || !double.IsFinite(benefits[index]))
                throw new ArgumentException(
                    $"Item {index} ({items[index]}) has a cost or benefit that is not a finite number; the frontier cannot rank it.",
                    nameof(items));
        }

        var frontier = new List<int>();
        for (var candidate = 0; candidate < items.Count; candidate++)
        {
            var dominated = false;
            for (var other = 0; other < items.Count && !dominated; other++)
            {
                dominated = other != candidate
                    && benefits[other] >= benefits[candidate]
                    && costs[other] <= costs[candidate]
                    && (benefits[other] > benefits[candidate] || costs[other] < costs[candidate]);
            }
            if (!dominated)
                frontier.Add(candidate);
        }

        return frontier
            .OrderBy(index => costs[index])
            .ThenBy(index => index)
            .Select(index => items[index])
            .ToList();
    }

    /// <summary>
    /// Vertices of the step line through frontier points given in screen coordinates and sorted by cost: from each
    /// point the line runs flat at its accuracy until the next point's cost, then rises. The flat part says "spending
    /// more tokens than this buys nothing until the next frontier entry".
    /// </summary>
    public static IReadOnlyList<(double X, double Y)> StepVertices(IReadOnlyList<(double X, double Y)> sortedFrontier)
    {
        var vertices = new List<(double X, double Y)>();
        for (var index = 0; index < sortedFrontier.Count; index++)
        {
            var point = sortedFrontier[index];
            if (index > 0)
            {
                var previous = vertices[^1];
                if (previous.X != point.X)
                    vertices.Add((point.X, previous.Y));
            }
            if (vertices.Count == 0 || vertices[^1] != point)
                vertices.Add(point);
        }
        return vertices;
    }
}
