using Bunit;
using Platform.Web.Components.Charts;

namespace Platform.Web.Tests.Charts;

public class HeatmapRenderTests : BunitContext
{
    private IRenderedComponent<AccuracyHeatmap> RenderSample(Action<ComponentParameterCollectionBuilder<AccuracyHeatmap>>? extra = null) =>
        Render<AccuracyHeatmap>(parameters =>
        {
            parameters.Add(p => p.Title, "Accuracy by style and task type").Add(p => p.Cells, SampleData.Heatmap);
            extra?.Invoke(parameters);
        });

    [Fact]
    public void Draws_a_cell_for_every_row_and_column_pair_including_gaps()
    {
        var chart = RenderSample();

        Assert.Equal(9, chart.FindAll("g.tb-cell").Count);
        Assert.Equal(3, chart.FindAll("g.tb-cell-missing").Count);
    }

    [Fact]
    public void Missing_cells_read_no_data_rather_than_zero()
    {
        var chart = RenderSample();

        var gap = chart.Find("g.tb-cell[data-row='ToT'][data-column='Logic']");
        Assert.Contains("tb-cell-missing", gap.ClassList);
        Assert.Equal("n/a", gap.QuerySelector("text")!.TextContent);
        Assert.Equal("ToT, Logic: no data", gap.QuerySelector("title")!.TextContent);
        Assert.StartsWith("url(#", gap.QuerySelector("rect")!.GetAttribute("fill"));
        var explicitNull = chart.Find("g.tb-cell[data-row='CoT'][data-column='Commonsense']");
        Assert.Equal("n/a", explicitNull.QuerySelector("text")!.TextContent);
    }

    [Fact]
    public void Measured_cells_print_rounded_percent_and_carry_the_scale_colour()
    {
        var chart = RenderSample();

        var cell = chart.Find("g.tb-cell[data-row='CoT'][data-column='Arithmetic']");
        Assert.Equal("72%", cell.QuerySelector("text")!.TextContent);
        Assert.Equal(SequentialColorScale.ColorFor(0.724), cell.QuerySelector("rect")!.GetAttribute("fill"));
        var withDetail = chart.Find("g.tb-cell[data-row='Direct'][data-column='Arithmetic']");
        Assert.Equal("Direct, Arithmetic: 42% (n = 200)", withDetail.QuerySelector("title")!.TextContent);
    }

    [Fact]
    public void Row_and_column_labels_follow_data_order()
    {
        var chart = RenderSample();

        Assert.Equal(["Direct", "CoT", "ToT"], chart.FindAll(".tb-row-labels text").Select(t => t.TextContent));
        Assert.Equal(["Arithmetic", "Logic", "Commonsense"], chart.FindAll(".tb-column-labels text").Select(t => t.TextContent));
        Assert.Equal("Style", chart.Find(".tb-row-header").TextContent);
        Assert.Equal("Task type", chart.Find(".tb-column-header").TextContent);
    }

    [Fact]
    public void Explicit_order_wins_and_unlisted_rows_are_kept_at_the_end()
    {
        var chart = RenderSample(p => p.Add(c => c.Rows, ["ToT", "Self-consistency", "Direct"]));

        Assert.Equal(["ToT", "Self-consistency", "Direct", "CoT"], chart.FindAll(".tb-row-labels text").Select(t => t.TextContent));
        Assert.Equal(12, chart.FindAll("g.tb-cell").Count);
    }

    [Fact]
    public void Svg_is_an_accessible_image_with_title_and_description()
    {
        var chart = RenderSample();

        var svg = chart.Find("svg");
        Assert.Equal("img", svg.GetAttribute("role"));
        var title = chart.Find($"#{svg.GetAttribute("aria-labelledby")}");
        Assert.Equal("Accuracy by style and task type", title.TextContent);
        var description = chart.Find($"#{svg.GetAttribute("aria-describedby")}");
        Assert.Equal("desc", description.LocalName);
        Assert.Contains("3 styles across 3 task types", description.TextContent);
        Assert.Contains("3 of 9 cells have no data", description.TextContent);
    }

    [Fact]
    public void Hidden_table_repeats_every_value_for_screen_readers()
    {
        var chart = RenderSample();

        var table = chart.Find("table.tb-chart-data");
        Assert.Contains("clip:", table.GetAttribute("style"));
        Assert.Equal(["Style", "Arithmetic", "Logic", "Commonsense"], table.QuerySelectorAll("thead th").Select(th => th.TextContent));
        var cotRow = table.QuerySelectorAll("tbody tr")[1];
        Assert.Equal(["CoT", "72%", "63%", "no data"], cotRow.Children.Select(c => c.TextContent));
        var directRow = table.QuerySelectorAll("tbody tr")[0];
        Assert.Equal("42% (n = 200)", directRow.Children[1].TextContent);
    }

    [Fact]
    public void Legend_shows_the_scale_from_zero_to_full_and_the_no_data_swatch()
    {
        var chart = RenderSample();

        var legendText = chart.FindAll(".tb-heatmap-legend text").Select(t => t.TextContent).ToList();
        Assert.Equal(["0%", "25%", "50%", "75%", "100%"], legendText.Take(5));
        Assert.Contains("n/a = no data", legendText);
        Assert.Equal(SequentialColorScale.GradientStops.Count, chart.FindAll("linearGradient stop").Count);
    }

    [Fact]
    public void Long_column_labels_are_rotated_short_ones_are_not()
    {
        var shortLabels = Render<AccuracyHeatmap>(p => p
            .Add(c => c.Title, "Suites")
            .Add(c => c.Cells, [new HeatmapCell("CoT", "Math", 0.7), new HeatmapCell("CoT", "Logic", 0.6)]));
        Assert.All(shortLabels.FindAll(".tb-column-labels text"), t => Assert.Null(t.GetAttribute("transform")));

        var longLabels = Render<AccuracyHeatmap>(p => p
            .Add(c => c.Title, "Suites")
            .Add(c => c.Cells, [new HeatmapCell("CoT", "GSM8K (grade-school math)", 0.7)]));
        Assert.StartsWith("rotate(-40", longLabels.Find(".tb-column-labels text").GetAttribute("transform"));
    }

    [Fact]
    public void No_cells_shows_the_empty_message_instead_of_an_empty_grid()
    {
        var chart = Render<AccuracyHeatmap>(p => p
            .Add(c => c.Title, "Accuracy")
            .Add(c => c.Cells, [])
            .Add(c => c.EmptyMessage, "Run an evaluation to fill this chart."));

        Assert.Empty(chart.FindAll("svg"));
        Assert.Contains("Run an evaluation to fill this chart.", chart.Find(".tb-chart-empty").TextContent);
    }

    [Fact]
    public void Out_of_range_and_duplicate_cells_fail_with_the_cell_named()
    {
        var outOfRange = Assert.Throws<ArgumentException>(() => Render<AccuracyHeatmap>(p => p
            .Add(c => c.Title, "Bad")
            .Add(c => c.Cells, [new HeatmapCell("CoT", "Logic", 72)])));
        Assert.Contains("(CoT, Logic)", outOfRange.Message);
        Assert.Contains("between 0 and 1", outOfRange.Message);

        var duplicate = Assert.Throws<ArgumentException>(() => Render<AccuracyHeatmap>(p => p
            .Add(c => c.Title, "Bad")
            .Add(c => c.Cells, [new HeatmapCell("CoT", "Logic", 0.5), new HeatmapCell("CoT", "Logic", 0.6)])));
        Assert.Contains("appears twice", duplicate.Message);
    }

    [Fact]
    public void Same_input_renders_identical_markup()
    {
        Assert.Equal(RenderSample().Markup, RenderSample().Markup);
    }
}
