using Platform.Web.Components.Charts;

namespace Platform.Web.Tests.Charts;

public class ScaleTests
{
    [Fact]
    public void Nice_unit_interval_keeps_domain_and_ticks_every_fifth()
    {
        var scale = LinearScale.Nice(0, 1, 0, 100);

        Assert.Equal(0, scale.DomainMin);
        Assert.Equal(1, scale.DomainMax);
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1], scale.Ticks);
    }

    [Fact]
    public void Nice_widens_ragged_maximum_to_next_round_tick()
    {
        var scale = LinearScale.Nice(0, 137, 0, 100);

        Assert.Equal(0, scale.DomainMin);
        Assert.Equal(140, scale.DomainMax);
        Assert.Equal([0, 20, 40, 60, 80, 100, 120, 140], scale.Ticks);
    }

    [Fact]
    public void Nice_widens_single_value_around_itself()
    {
        var scale = LinearScale.Nice(3, 3, 0, 100);

        Assert.Equal(2, scale.DomainMin);
        Assert.Equal(4, scale.DomainMax);
        Assert.Equal([2, 2.5, 3, 3.5, 4], scale.Ticks);
        Assert.Equal(50, scale.Map(3), precision: 9);
    }

    [Fact]
    public void Nice_widens_zero_to_symmetric_unit_range()
    {
        var scale = LinearScale.Nice(0, 0, 0, 100);

        Assert.Equal(-1, scale.DomainMin);
        Assert.Equal(1, scale.DomainMax);
        Assert.Contains(0, scale.Ticks);
    }

    [Fact]
    public void Nice_handles_ranges_away_from_zero()
    {
        var scale = LinearScale.Nice(1234, 1890, 0, 100);

        Assert.Equal(1200, scale.DomainMin);
        Assert.Equal(1900, scale.DomainMax);
        Assert.Equal([1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900], scale.Ticks);
    }

    [Fact]
    public void Fractional_ticks_are_exact_decimals()
    {
        var ticks = LinearScale.TickValues(0.1, 0.3, 2);

        Assert.Equal([0.1, 0.2, 0.3], ticks);
        Assert.Equal("0.3", ChartFormat.Number(ticks[2]));
    }

    [Fact]
    public void Map_sends_domain_ends_to_range_ends_including_inverted_ranges()
    {
        var yAxis = new LinearScale(0, 1, 300, 20);

        Assert.Equal(300, yAxis.Map(0));
        Assert.Equal(20, yAxis.Map(1));
        Assert.Equal(160, yAxis.Map(0.5));
    }

    [Fact]
    public void Degenerate_or_reversed_domains_are_rejected_with_guidance()
    {
        var flat = Assert.Throws<ArgumentException>(() => new LinearScale(3, 3, 0, 100));
        Assert.Contains("LinearScale.Nice", flat.Message);
        var reversed = Assert.Throws<ArgumentException>(() => LinearScale.Nice(5, 1, 0, 100));
        Assert.Contains("greater than data max", reversed.Message);
        Assert.Throws<ArgumentException>(() => LinearScale.Nice(double.NaN, 1, 0, 100));
        Assert.Throws<ArgumentException>(() => LinearScale.Nice(0, double.PositiveInfinity, 0, 100));
    }

    [Fact]
    public void Log_scale_spanning_many_decades_ticks_on_powers_of_ten()
    {
        var scale = LogScale.Nice(20, 4000, 0, 300);

        Assert.Equal(10, scale.DomainMin);
        Assert.Equal(10000, scale.DomainMax);
        Assert.Equal([10, 100, 1000, 10000], scale.Ticks);
        Assert.Equal(100, scale.Map(100), precision: 9);
        Assert.Equal(200, scale.Map(1000), precision: 9);
    }

    [Fact]
    public void Log_scale_within_one_decade_adds_two_and_five_ticks()
    {
        var scale = LogScale.Nice(300, 800, 0, 100);

        Assert.Equal(100, scale.DomainMin);
        Assert.Equal(1000, scale.DomainMax);
        Assert.Equal([100, 200, 500, 1000], scale.Ticks);
    }

    [Fact]
    public void Log_scale_with_exact_powers_and_fractions()
    {
        var scale = LogScale.Nice(0.1, 10, 0, 100);

        Assert.Equal(0.1, scale.DomainMin, precision: 12);
        Assert.Equal(10, scale.DomainMax);
        Assert.Equal([0.1, 0.2, 0.5, 1, 2, 5, 10], scale.Ticks);
    }

    [Fact]
    public void Log_scale_rejects_zero_and_negative_values()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LogScale.Nice(0, 100, 0, 100));
        Assert.Contains("greater than zero", error.Message);
        var scale = LogScale.Nice(1, 100, 0, 100);
        Assert.Throws<ArgumentOutOfRangeException>(() => scale.Map(-5));
    }
}
