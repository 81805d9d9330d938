using Platform.Cli.Bench;

namespace Platform.Cli.Tests.Bench;

public class BenchStatisticsTests
{
    [Fact]
    public void Median_of_an_odd_count_is_the_middle_value_regardless_of_order()
    {
        Assert.Equal(90.0, BenchStatistics.Median([120.0, 80.0, 90.0]));
    }

    [Fact]
    public void Median_of_an_even_count_is_the_mean_of_the_two_middle_values()
    {
        Assert.Equal(95.0, BenchStatistics.Median([100.0, 80.0, 90.0, 300.0]));
    }

    [Fact]
    public void Median_of_nothing_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BenchStatistics.Median([]));
    }

    [Fact]
    public void Ratio_is_taken_between_medians_so_one_outlier_round_does_not_move_it()
    {
        // Per-round ratios would be 1.0, 0.5 and 2.0; the medians are 100 and 100.
        double[] ours = [100.0, 50.0, 200.0];
        double[] reference = [100.0, 100.0, 100.0];

        Assert.Equal(1.0, BenchStatistics.RatioOfMedians(ours, reference), 12);
    }

    [Fact]
    public void Ratio_against_a_zero_reference_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BenchStatistics.RatioOfMedians([1.0], [0.0]));
    }
}
