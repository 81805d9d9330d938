using Bunit;
using Platform.Web.Components.Charts;

namespace Platform.Web.Tests.Charts;

public class AccuracyBarRenderTests : BunitContext
{
    [Fact]
    public void Bar_length_is_proportional_to_accuracy_and_value_is_printed()
    {
        var full = Render<AccuracyBar>(p => p.Add(c => c.Value, 1.0));
        var half = Render<AccuracyBar>(p => p.Add(c => c.Value, 0.5));

        var fullWidth = double.Parse(full.Find("rect.tb-bar-value").GetAttribute("width")!, System.Globalization.CultureInfo.InvariantCulture);
        var halfWidth = double.Parse(half.Find("rect.tb-bar-value").GetAttribute("width")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(fullWidth / 2, halfWidth, precision: 1);
        Assert.Equal(full.Find("rect.tb-bar-track").GetAttribute("width"), full.Find("rect.tb-bar-value").GetAttribute("width"));
        Assert.Equal("50%", half.Find("text").TextContent);
    }

    [Fact]
    public void Interval_whisker_and_accessible_label_include_the_range()
    {
        var bar = Render<AccuracyBar>(p => p
            .Add(c => c.Value, 0.72).Add(c => c.Low, 0.64).Add(c => c.High, 0.79).Add(c => c.Label, "CoT on GSM8K"));

        Assert.NotNull(bar.Find("path.tb-interval"));
        Assert.Equal("img", bar.Find("svg").GetAttribute("role"));
        Assert.Equal("CoT on GSM8K: accuracy 72% (95% interval 64–79%)", bar.Find("svg").GetAttribute("aria-label"));
        Assert.Equal("72%", bar.Find("text").TextContent);
    }

    [Fact]
    public void Missing_value_reads_no_data_and_draws_no_bar()
    {
        var bar = Render<AccuracyBar>(p => p.Add(c => c.Value, (double?)null).Add(c => c.Label, "ToT on Logic"));

        Assert.Empty(bar.FindAll("rect.tb-bar-value"));
        Assert.Equal("n/a", bar.Find("text").TextContent);
        Assert.Equal("ToT on Logic: accuracy no data", bar.Find("svg").GetAttribute("aria-label"));
    }

    [Fact]
    public void Percentages_passed_as_whole_numbers_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Render<AccuracyBar>(p => p.Add(c => c.Value, 72.0)));

        Assert.Contains("between 0 and 1", error.Message);
    }
}
