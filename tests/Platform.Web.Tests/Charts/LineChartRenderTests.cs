using Bunit;
using Platform.Web.Components.Charts;

namespace Platform.Web.Tests.Charts;

public class LineChartRenderTests : BunitContext
{
    private IRenderedComponent<AccuracyLineChart> RenderSample(bool showIntervals = true) =>
        Render<AccuracyLineChart>(p => p
            .Add(c => c.Title, "Accuracy by difficulty")
            .Add(c => c.Series, SampleData.Levels)
            .Add(c => c.ShowIntervals, showIntervals));

    [Fact]
    public void Draws_one_line_per_series_and_one_marker_per_point()
    {
        var chart = RenderSample();

        Assert.Equal(3, chart.FindAll("g.tb-series").Count);
        Assert.Equal(3, chart.FindAll("g.tb-series polyline").Count);
        Assert.Equal(13, chart.FindAll("g.tb-point").Count);
        Assert.Equal(3, chart.FindAll("g.tb-series[data-series='ToT'] g.tb-point").Count);
    }

    [Fact]
    public void Points_are_joined_in_level_order_even_when_given_out_of_order()
    {
        var chart = RenderSample();

        var xs = chart.Find("g.tb-series[data-series='ToT'] polyline").GetAttribute("points")!
            .Split(' ').Select(pair => double.Parse(pair.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(xs.Order(), xs);
    }

    [Fact]
    public void Tooltips_name_series_level_value_and_interval()
    {
        var chart = RenderSample();

        var titles = chart.FindAll("g.tb-series[data-series='Direct'] g.tb-point title").Select(t => t.TextContent).ToList();
        Assert.Equal("Direct, difficulty level 1: 90% (95% interval 85–94%)", titles[0]);
        Assert.Equal("Direct, difficulty level 3: 50%", titles[2]);
    }

    [Fact]
    public void Interval_whiskers_appear_only_where_given_and_only_when_enabled()
    {
        Assert.Equal(3, RenderSample().FindAll("path.tb-interval").Count);
        Assert.Empty(RenderSample(showIntervals: false).FindAll("path.tb-interval"));
    }

    [Fact]
    public void Axes_show_each_level_and_percent_ticks_with_labels()
    {
        var chart = RenderSample();

        Assert.Equal(["1", "2", "3", "4", "5"], chart.FindAll(".tb-x-tick text").Select(t => t.TextContent));
        Assert.Equal(["0%", "20%", "40%", "60%", "80%", "100%"], chart.FindAll(".tb-y-tick text").Select(t => t.TextContent));
        Assert.Equal("Difficulty level", chart.Find(".tb-x-label").TextContent);
        Assert.Equal("Accuracy", chart.Find(".tb-y-label").TextContent);
    }

    [Fact]
    public void Legend_lists_each_series_with_its_own_colour()
    {
        var chart = RenderSample();

        var entries = chart.FindAll(".tb-legend-entry");
        Assert.Equal(["Direct", "CoT", "ToT"], entries.Select(e => e.QuerySelector("text")!.TextContent));
        var legendColours = entries.Select(e => e.QuerySelector("line")!.GetAttribute("stroke")).ToList();
        Assert.Equal(3, legendColours.Distinct().Count());
        Assert.Equal(legendColours[1], chart.Find("g.tb-series[data-series='CoT'] polyline").GetAttribute("stroke"));
    }

    [Fact]
    public void Accessible_name_description_and_table_cover_the_values()
    {
        var chart = RenderSample();

        Assert.Equal("img", chart.Find("svg").GetAttribute("role"));
        Assert.Equal("Accuracy by difficulty", chart.Find("svg > title").TextContent);
        Assert.Contains("Direct, CoT, ToT", chart.Find("svg > desc").TextContent);
        var rows = chart.FindAll("table.tb-chart-data tbody tr");
        Assert.Equal(13, rows.Count);
        Assert.Equal(["CoT", "5", "41%", "33–50%"], rows[9].Children.Select(c => c.TextContent));
    }

    [Fact]
    public void No_series_or_only_empty_series_shows_the_empty_message()
    {
        var none = Render<AccuracyLineChart>(p => p.Add(c => c.Title, "Levels").Add(c => c.Series, []));
        Assert.NotNull(none.Find(".tb-chart-empty"));

        var hollow = Render<AccuracyLineChart>(p => p.Add(c => c.Title, "Levels").Add(c => c.Series, [new ChartSeries("CoT", [])]));
        Assert.Empty(hollow.FindAll("svg"));
    }

    [Fact]
    public void Interval_not_containing_the_value_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Render<AccuracyLineChart>(p => p
            .Add(c => c.Title, "Levels")
            .Add(c => c.Series, [new ChartSeries("CoT", [new ChartPoint(1, 0.8, 0.1, 0.5)])])));

        Assert.Contains("Series 'CoT' at x = 1", error.Message);
        Assert.Contains("does not contain", error.Message);
    }
}
