namespace Platform.Evaluation.Metrics;

/// <summary>One style on one suite, placed by what it spent.</summary>
public sealed record SpendPoint(string Style, Summary Summary);

/// <summary>Two styles whose mean output tokens per item are within the tolerance of each other.</summary>
public sealed record EqualComputePair(string Cheaper, string Dearer, double TokenRatio);

/// <param name="Styles">Fewest mean output tokens first (ties by name).</param>
public sealed record SpendLadder(IReadOnlyList<SpendPoint> Styles, IReadOnlyList<EqualComputePair> EqualCompute);

/// <summary>
/// Accuracy at matched token spend: which styles of a suite cost about the same, so that their accuracies compare
/// two ways of spending one budget (self-consistency@k against tree of thought, say) rather than two budgets.
/// </summary>
public static class EqualCompute
{
    /// <summary>The dearer of two styles may spend at most this fraction more mean output tokens than the cheaper.</summary>
    public const double Tolerance = 0.10;

    /// <summary>
    /// The styles ordered by mean output tokens per scored item, and every pair with dearer ≤ (1 + tolerance) · cheaper.
    /// Styles without scored items, or that spent no tokens, take part in no pair: a ratio to nothing says nothing.
    /// </summary>
    public static SpendLadder Ladder(IEnumerable<SpendPoint> styles, double tolerance = Tolerance)
    {
        var ordered = styles.OrderBy(s => s.Summary.MeanOutputTokens).ThenBy(s => s.Style, StringComparer.Ordinal).ToList();
        var pairs = new List<EqualComputePair>();
        for (var i = 0; i < ordered.Count; i++)
        {
            for (var j = i + 1; j < ordered.Count; j++)
            {
                var (cheap, dear) = (ordered[i].Summary, ordered[j].Summary);
                if (cheap.Scored == 0 || dear.Scored == 0 || cheap.MeanOutputTokens <= 0)
                {
                    continue;
                }
                var ratio = dear.MeanOutputTokens / cheap.MeanOutputTokens;
                if (ratio <= 1 + tolerance + 1e-12)
                {
                    pairs.Add(new EqualComputePair(ordered[i].Style, ordered[j].Style, ratio));
                }
            }
        }
        return new SpendLadder(ordered, pairs);
    }
}
