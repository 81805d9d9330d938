using Platform.Evaluation.Metrics;

namespace Platform.Evaluation.Tests.Metrics;

public class StatisticsTests
{
    [Theory]
    [InlineData(8, 10, 0.490162, 0.943318)]
    [InlineData(0, 10, 0.0, 0.277533)]
    [InlineData(10, 10, 0.722467, 1.0)]
    [InlineData(80, 100, 0.711171, 0.866633)]
    [InlineData(700, 1000, 0.670876, 0.727593)]
    public void Wilson_interval_matches_hand_computed_values(int successes, int trials, double lower, double upper)
    {
        var interval = Statistics.WilsonInterval(successes, trials);
        Assert.Equal(lower, interval.Lower, 6);
        Assert.Equal(upper, interval.Upper, 6);
    }

    [Fact]
    public void Wilson_interval_of_nothing_is_everything_and_impossible_counts_are_refused()
    {
        Assert.Equal(new Interval(0, 1), Statistics.WilsonInterval(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Statistics.WilsonInterval(11, 10));
    }

    [Theory]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(1.99, 0.004888586800383003)]
    [InlineData(2.0, 0.004677734981047266)]
    [InlineData(3.0, 2.209049699858544e-05)]
    [InlineData(6.0, 2.1519736712498916e-17)]
    [InlineData(-1.0, 1.8427007929497148)]
    public void Erfc_is_accurate_on_both_sides_of_the_switch_between_series_and_continued_fraction(double x, double expected) =>
        Assert.Equal(expected, Statistics.Erfc(x), expected * 1e-12 + 1e-16);

    [Theory]
    [InlineData(1, 7, 0.125)]
    [InlineData(0, 5, 0.0625)]
    [InlineData(6, 7, 0.125)]
    [InlineData(3, 6, 1.0)]
    [InlineData(0, 0, 1.0)]
    public void Exact_two_sided_binomial_matches_hand_computed_values(int successes, int trials, double expected) =>
        Assert.Equal(expected, Statistics.BinomialTwoSidedHalf(successes, trials), 12);

    [Theory]
    // Hand-computed from (z_a·√(2·p̄(1−p̄)) + z_b·√(p1(1−p1) + p2(1−p2)))² / (p1 − p2)², 5% two-sided, 80% power.
    [InlineData(0.0, 0.1, 74)]   // 73.37
    [InlineData(0.5, 0.6, 388)]  // 387.34
    [InlineData(0.3, 0.2, 294)]  // 293.15, order does not matter
    public void Two_proportion_sample_size_matches_hand_computed_values(double p1, double p2, int expected) =>
        Assert.Equal(expected, Statistics.TwoProportionSampleSize(p1, p2));

    [Fact]
    public void Two_proportion_sample_size_refuses_equal_or_impossible_proportions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Statistics.TwoProportionSampleSize(0.4, 0.4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Statistics.TwoProportionSampleSize(-0.1, 0.2));
    }
}
