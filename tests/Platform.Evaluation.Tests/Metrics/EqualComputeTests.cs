using Platform.Evaluation.Metrics;

namespace Platform.Evaluation.Tests.Metrics;

public class EqualComputeTests
{
    [Fact]
    public void Styles_are_ordered_by_spend_and_paired_within_ten_percent()
    {
        var ladder = EqualCompute.Ladder([Point("tot", 1000), Point("cot+sc5", 950), Point("cot", 200), Point("cot+sc3", 1100), Point("direct", 20)]);

        Assert.Equal(["direct", "cot", "cot+sc5", "tot", "cot+sc3"], ladder.Styles.Select(s => s.Style));
        // 1000/950 = 1.053 and 1100/1000 = 1.10 (the edge counts); 1100/950 = 1.158 does not.
        Assert.Equal([("cot+sc5", "tot"), ("tot", "cot+sc3")], ladder.EqualCompute.Select(p => (p.Cheaper, p.Dearer)));
        Assert.Equal(1000.0 / 950, ladder.EqualCompute[0].TokenRatio, 12);
    }

    [Fact]
    public void A_style_without_scored_items_or_tokens_is_paired_with_nothing()
    {
        var ladder = EqualCompute.Ladder([Point("a", 0), Point("b", 0), Point("c", 100, scored: 0), Point("d", 100)]);
        Assert.Empty(ladder.EqualCompute);
    }

    private static SpendPoint Point(string style, double tokens, int scored = 10) => new(style,
        new Summary(VerdictMode.Strict, scored, 0, new Proportion(scored / 2, scored), new Proportion(0, scored), tokens, null, TimeSpan.Zero));
}
