using Bunit;
using Platform.Web.Components.Charts;

namespace Platform.Web.Tests.Charts;

public class ScatterRenderTests : BunitContext
{
    private IRenderedComponent<ParetoScatterChart> RenderSample(bool log = false) =>
        Render<ParetoScatterChart>(p => p
            .Add(c => c.Title, "Accuracy for the tokens spent")
            .Add(c => c.Points, SampleData.Scatter)
            .Add(c => c.LogTokens, log));

    [Fact]
    public void Draws_every_point_and_highlights_and_labels_only_the_frontier()
    {
        var chart = RenderSample();

        Assert.Equal(6, chart.FindAll("g.tb-point").Count);
        var frontier = chart.FindAll("g.tb-frontier-point");
        Assert.Equal(["Direct", "Chain-of-Draft", "CoT", "ToT"], frontier.Select(g => g.GetAttribute("data-name")));
        Assert.Equal(["Direct", "Chain-of-Draft", "CoT", "ToT"], frontier.Select(g => g.QuerySelector("text")!.TextContent));
        Assert.Null(chart.Find("g.tb-point[data-name='Verbose CoT']").QuerySelector("text"));
    }

    [Fact]
    public void Frontier_is_a_step_line_through_the_frontier_points()
    {
        var chart = RenderSample();

        var vertices = chart.Find("polyline.tb-frontier").GetAttribute("points")!.Split(' ');
        // Four frontier points, each after the first reached by a flat run and then a rise.
        Assert.Equal(7, vertices.Length);
        var ys = vertices.Select(v => double.Parse(v.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ys.OrderDescending(), ys);
        Assert.Equal("Pareto frontier", chart.Find(".tb-frontier-key text").TextContent);
    }

    [Fact]
    public void Linear_axis_starts_at_zero_and_log_axis_ticks_on_powers_of_ten()
    {
        var linear = RenderSample();
        Assert.Equal("0", linear.FindAll(".tb-x-tick text")[0].TextContent);
        Assert.Equal("Mean output tokens", linear.Find(".tb-x-label").TextContent);

        var log = RenderSample(log: true);
        Assert.Equal(["10", "100", "1k", "10k"], log.FindAll(".tb-x-tick text").Select(t => t.TextContent));
        Assert.Equal("Mean output tokens (log scale)", log.Find(".tb-x-label").TextContent);
    }

    [Fact]
    public void Tooltips_and_table_give_tokens_accuracy_and_frontier_membership()
    {
        var chart = RenderSample();

        Assert.Equal("Verbose CoT: 70% at 1,400 mean output tokens",
            chart.Find("g.tb-point[data-name='Verbose CoT'] title").TextContent);
        Assert.Equal("Chain-of-Draft: 68% at 160 mean output tokens (95% interval 61–74%), on the frontier",
            chart.Find("g.tb-point[data-name='Chain-of-Draft'] title").TextContent);
        var row = chart.FindAll("table.tb-chart-data tbody tr")[4];
        Assert.Equal(["ToT", "4,200", "79%", "—", "yes"], row.Children.Select(c => c.TextContent));
        Assert.Contains("Direct, Chain-of-Draft, CoT, ToT", chart.Find("svg > desc").TextContent);
    }

    [Fact]
    public void Single_point_has_no_step_line_but_is_its_own_frontier()
    {
        var chart = Render<ParetoScatterChart>(p => p
            .Add(c => c.Title, "One")
            .Add(c => c.Points, [new ScatterPoint("CoT", 500, 0.7)]));

        Assert.Empty(chart.FindAll("polyline.tb-frontier"));
        Assert.Single(chart.FindAll("g.tb-frontier-point"));
    }

    [Fact]
    public void All_zero_token_counts_keep_a_non_negative_linear_axis()
    {
        var chart = Render<ParetoScatterChart>(p => p
            .Add(c => c.Title, "Zero")
            .Add(c => c.Points, [new ScatterPoint("Direct", 0, 0.4), new ScatterPoint("Guess", 0, 0.2)]));

        Assert.Equal("0", chart.FindAll(".tb-x-tick text")[0].TextContent);
        Assert.Equal(["Direct"], chart.FindAll("g.tb-frontier-point").Select(g => g.GetAttribute("data-name")));
    }

    [Fact]
    public void Zero_tokens_on_a_log_axis_is_rejected_with_the_entry_named()
    {
        var error = Assert.Throws<ArgumentException>(() => Render<ParetoScatterChart>(p => p
            .Add(c => c.Title, "Log")
            .Add(c => c.LogTokens, true)
            .Add(c => c.Points, [new ScatterPoint("Direct", 0, 0.4)])));

        Assert.Contains("'Direct'", error.Message);
        Assert.Contains("log axis", error.Message);
    }

    [Fact]
    public void No_points_shows_the_empty_message()
    {
        var chart = Render<ParetoScatterChart>(p => p.Add(c => c.Title, "Cost").Add(c => c.Points, []));

        Assert.Contains("No results to show yet.", chart.Find(".tb-chart-empty").TextContent);
    }
}
