namespace Platform.Evaluation.Metrics;

/// <summary>The runs of one style on one group of items (a suite), as a paired test needs them.</summary>
public sealed record PairingInput(string Group, string Style, IReadOnlyList<ItemOutcome> Outcomes);

/// <summary>
/// McNemar's test of two styles on one group, with its p-value adjusted for the whole family it was shown with.
/// </summary>
/// <param name="Better">The style that is better at the family-wise level, or null when the adjusted p-value does not reach it.</param>
public sealed record PairedComparison(string Group, string StyleA, string StyleB, McNemarResult Test, double AdjustedPValue, string? Better)
{
    /// <summary>The raw test would have marked a winner that the correction takes away.</summary>
    public bool LostToCorrection(double alpha) => Test.PValue < alpha && Better is null && Test.OnlyA != Test.OnlyB;
}

/// <summary>The family of paired tests behind "better than" marks, corrected so that the marks stay honest together.</summary>
public static class MultipleComparisons
{
    public const double Alpha = 0.05;

    /// <summary>
    /// Holm–Bonferroni step-down adjustment, in the input's order. With the m p-values sorted ascending,
    /// p̃(i) = max over j ≤ i of min(1, (m − j + 1)·p(j)); rejecting p̃ &lt; α keeps the family-wise error rate at α
    /// under any dependence between the tests, and never rejects less than Bonferroni.
    /// </summary>
    public static IReadOnlyList<double> Holm(IReadOnlyList<double> pValues)
    {
        foreach (var p in pValues)
        {
            if (double.IsNaN(p) || p is < 0 or > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(pValues), $"A p-value must lie in [0, 1]; got {p}.");
            }
        }
        var m = pValues.Count;
        // Equal p-values keep their input order, so the result does not depend on how a sort breaks ties.
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ThenBy(i => i).ToList();
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var index = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[index]));
            adjusted[index] = running;
        }
        return adjusted;
    }

    /// <summary>
    /// McNemar's test for every pair of styles within each group (styles in ordinal order, A before B), all of them
    /// one family for Holm's adjustment. A style is marked better when its adjusted p-value is below
    /// <see cref="Alpha"/> and it was right alone more often than the other.
    /// </summary>
    public static IReadOnlyList<PairedComparison> Pairwise(IEnumerable<PairingInput> inputs, VerdictMode mode)
    {
        var tests = new List<(string Group, string A, string B, McNemarResult Test)>();
        foreach (var group in inputs.GroupBy(i => i.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var styles = group.OrderBy(i => i.Style, StringComparer.Ordinal).ToList();
            var duplicate = styles.GroupBy(s => s.Style).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new ArgumentException($"Style '{duplicate.Key}' appears twice in group '{group.Key}'; a family has one run per style and group.");
            }
            for (var i = 0; i < styles.Count; i++)
            {
                for (var j = i + 1; j < styles.Count; j++)
                {
                    tests.Add((group.Key, styles[i].Style, styles[j].Style, RunMetrics.McNemar(styles[i].Outcomes, styles[j].Outcomes, mode)));
                }
            }
        }
        var adjusted = Holm(tests.Select(t => t.Test.PValue).ToList());
        return tests.Select((t, i) => new PairedComparison(t.Group, t.A, t.B, t.Test, adjusted[i],
                adjusted[i] < Alpha && t.Test.OnlyA != t.Test.OnlyB ? (t.Test.OnlyA > t.Test.OnlyB ? t.A : t.B) : null))
            .ToList();
    }
}
