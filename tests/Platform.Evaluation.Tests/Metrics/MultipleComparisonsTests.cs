using Platform.Evaluation.Metrics;
using Platform.Evaluation.Scoring;

namespace Platform.Evaluation.Tests.Metrics;

public class MultipleComparisonsTests
{
    [Fact]
    public void Holm_matches_hand_computed_values_in_input_order()
    {
        // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 -> raised to 0.06 (monotone).
        var adjusted = MultipleComparisons.Holm([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Holm_caps_at_one_treats_ties_alike_and_leaves_a_single_test_alone()
    {
        Assert.Equal([1.0, 1.0], MultipleComparisons.Holm([0.5, 0.6]));
        Assert.Equal([0.04, 0.04], MultipleComparisons.Holm([0.02, 0.02]));
        Assert.Equal([0.031], MultipleComparisons.Holm([0.031]));
        Assert.Empty(MultipleComparisons.Holm([]));
    }

    [Fact]
    public void Holm_rejects_what_Bonferroni_would_not()
    {
        // m = 3: Bonferroni needs p < 0.05/3 = 0.0167 for each; Holm needs that only for the smallest.
        var adjusted = MultipleComparisons.Holm([0.01, 0.02, 0.04]);
        Assert.Equal([0.03, 0.04, 0.04], adjusted.Select(p => Math.Round(p, 12)));
        Assert.All(adjusted, p => Assert.True(p < MultipleComparisons.Alpha));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Holm_refuses_what_is_not_a_p_value(double p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MultipleComparisons.Holm([0.01, p]));

    [Fact]
    public void A_mark_the_raw_test_gives_disappears_when_three_tests_are_shown_together()
    {
        // x right on all 12 items, z on the first 6, y on the first 2.
        // x vs y: 10 discordant, all x -> p = 2/2^10 = 0.00195, Holm ·3 = 0.00586: x stays better.
        // x vs z: 6 discordant, all x -> p = 2/2^6 = 0.03125, Holm ·2 = 0.0625: the raw mark is lost.
        // y vs z: 4 discordant, all z -> p = 0.125, Holm ·1, raised to stay monotone: 0.125.
        var comparisons = MultipleComparisons.Pairwise(
            [Input("x", 12), Input("y", 2), Input("z", 6)], VerdictMode.Strict);

        Assert.Equal([("x", "y"), ("x", "z"), ("y", "z")], comparisons.Select(c => (c.StyleA, c.StyleB)));
        Assert.Equal([0.001953125, 0.03125, 0.125], comparisons.Select(c => c.Test.PValue));
        Assert.Equal([0.005859375, 0.0625, 0.125], comparisons.Select(c => c.AdjustedPValue));
        Assert.Equal(["x", null, null], comparisons.Select(c => c.Better));
        Assert.Equal([false, true, false], comparisons.Select(c => c.LostToCorrection(MultipleComparisons.Alpha)));
    }

    [Fact]
    public void Every_group_joins_one_family_and_a_style_twice_in_a_group_is_refused()
    {
        var comparisons = MultipleComparisons.Pairwise(
            [Input("x", 12, "s1"), Input("y", 2, "s1"), Input("x", 12, "s2"), Input("y", 2, "s2")], VerdictMode.Strict);
        // Two tests with p = 0.00195 each: Holm doubles the smaller and keeps the other at that level.
        Assert.Equal([0.00390625, 0.00390625], comparisons.Select(c => c.AdjustedPValue));
        Assert.Equal(["s1", "s2"], comparisons.Select(c => c.Group));

        Assert.Throws<ArgumentException>(() => MultipleComparisons.Pairwise([Input("x", 1), Input("x", 2)], VerdictMode.Strict));
    }

    private static PairingInput Input(string style, int correctFirst, string group = "suite") => new(group, style,
        Enumerable.Range(0, 12)
            .Select(i => new ItemOutcome($"item-{i}", 1, i < correctFirst ? Verdict.Correct : Verdict.Incorrect,
                i < correctFirst ? Verdict.Correct : Verdict.Incorrect, 10, TimeSpan.Zero))
            .ToList());
}
