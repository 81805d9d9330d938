using System.Globalization;
using Platform.Web.Components.Charts;

namespace Platform.Web.Tests.Charts;

public class ColorAndFormatTests
{
    [Fact]
    public void Sequential_scale_ends_on_viridis_endpoints()
    {
        Assert.Equal("#440154", SequentialColorScale.ColorFor(0));
        Assert.Equal("#FDE725", SequentialColorScale.ColorFor(1));
        Assert.Equal("#21908D", SequentialColorScale.ColorFor(0.5));
    }

    [Fact]
    public void Sequential_scale_interpolates_between_stops()
    {
        // Halfway between the first two stops (#440154 and #472C7A).
        Assert.Equal("#461767", SequentialColorScale.ColorFor(0.0625));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(72)]
    [InlineData(double.NaN)]
    public void Sequential_scale_rejects_values_outside_unit_interval(double value)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SequentialColorScale.ColorFor(value));
        Assert.Contains("0..1", error.Message);
    }

    [Fact]
    public void Cell_text_is_white_on_dark_fills_and_black_on_light_ones()
    {
        Assert.Equal("#FFFFFF", SequentialColorScale.TextColorFor(0));
        Assert.Equal("#FFFFFF", SequentialColorScale.TextColorFor(0.3));
        Assert.Equal("#000000", SequentialColorScale.TextColorFor(0.8));
        Assert.Equal("#000000", SequentialColorScale.TextColorFor(1));
    }

    [Fact]
    public void Palette_gives_distinct_colours_up_to_seven_series()
    {
        string[] names = ["Direct", "CoT", "ToT", "AoT", "SoT", "CoD", "SC"];

        var styles = SeriesPalette.Assign(names);

        Assert.Equal(7, styles.Values.Select(s => s.Color).Distinct().Count());
        Assert.All(styles.Values, s => Assert.Contains(s.Color, SeriesPalette.Colors));
    }

    [Fact]
    public void Palette_colour_depends_on_the_set_of_names_not_their_order()
    {
        var forward = SeriesPalette.Assign(["Direct", "CoT", "ToT"]);
        var backward = SeriesPalette.Assign(["ToT", "CoT", "Direct"]);

        Assert.Equal(forward["CoT"], backward["CoT"]);
        Assert.Equal(forward["Direct"], backward["Direct"]);
        Assert.Equal(forward["ToT"], backward["ToT"]);
    }

    [Fact]
    public void A_name_keeps_the_same_colour_in_every_process()
    {
        // FNV-1a of the name, unlike string.GetHashCode, is fixed, so these slots must never change between runs.
        Assert.Equal(5, SeriesPalette.PreferredSlot("CoT"));
        Assert.Equal(0, SeriesPalette.PreferredSlot("Direct"));
        Assert.Equal("#56B4E9", SeriesPalette.Assign(["CoT"])["CoT"].Color);
    }

    [Fact]
    public void More_than_seven_series_reuse_colours_with_another_shape()
    {
        var names = Enumerable.Range(1, 12).Select(i => $"Style {i}").ToArray();

        var styles = SeriesPalette.Assign(names);

        Assert.Equal(12, styles.Count);
        Assert.Equal(7, styles.Values.Select(s => s.Color).Distinct().Count());
        Assert.Equal(12, styles.Values.Distinct().Count());
    }

    [Theory]
    [InlineData(0.724, "72%")]
    [InlineData(0.725, "73%")]
    [InlineData(0, "0%")]
    [InlineData(1, "100%")]
    [InlineData(0.005, "1%")]
    public void Percent_rounds_half_away_from_zero(double fraction, string expected)
    {
        Assert.Equal(expected, ChartFormat.Percent(fraction));
    }

    [Fact]
    public void Numbers_use_invariant_separators_whatever_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        var commaDecimal = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaDecimal.NumberFormat.NumberDecimalSeparator = ",";
        commaDecimal.NumberFormat.NumberGroupSeparator = ".";
        try
        {
            CultureInfo.CurrentCulture = commaDecimal;
            Assert.Equal("12.35", ChartFormat.Svg(12.345));
            Assert.Equal("1,234", ChartFormat.Count(1234));
            Assert.Equal("1.5k", ChartFormat.CompactCount(1500));
            Assert.Equal("0.25", ChartFormat.Number(0.25));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData(950, "950")]
    [InlineData(1000, "1k")]
    [InlineData(12_500, "12.5k")]
    [InlineData(2_000_000, "2M")]
    public void Compact_counts_shorten_thousands_and_millions(double value, string expected)
    {
        Assert.Equal(expected, ChartFormat.CompactCount(value));
    }

    [Fact]
    public void Ids_are_slugs_of_the_title()
    {
        Assert.Equal("chart-accuracy-by-style-task-type", ChartFormat.IdFrom("Accuracy by style × task type"));
    }
}
