namespace Platform.Web.Tests.Pages;

public sealed class ModelPageTests(SeededSite site) : IClassFixture<SeededSite>
{
    [Fact]
    public async Task The_model_page_draws_the_heatmap_level_chart_and_pareto_scatter()
    {
        var page = await Html.GetAsync(site.CreateClient(), $"/models/{site.Alpha.Id}");

        var titles = page.QuerySelectorAll("svg[role=img] > title").Select(t => t.TextContent).ToList();
        Assert.Contains(titles, t => t.Contains("accuracy by style and task type"));
        Assert.Contains(titles, t => t.Contains("accuracy by difficulty level"));
        Assert.Contains(titles, t => t.Contains("accuracy for the output tokens spent"));
        // The heatmap has one row per style and prints each style's accuracy on the arithmetic column.
        var heatmapTable = page.QuerySelectorAll("table.tb-chart-data").First().TextContent;
        Assert.Contains("33%", heatmapTable);
        Assert.Contains("67%", heatmapTable);
    }

    [Fact]
    public async Task Recommendations_follow_the_policies_and_the_token_budget()
    {
        var client = site.CreateClient();

        // direct 2/6 and cot 4/6 have overlapping intervals and are the only styles: no policy crowns either,
        // and both say why and how many items would tell them apart.
        var defaults = await Html.GetAsync(client, $"/models/{site.Alpha.Id}");
        Assert.Equal(["none", "none"], defaults.Texts("article.recommendation .pick"));
        var reasons = defaults.Texts("article.recommendation .reason");
        Assert.StartsWith("No style can be told apart on this evidence", reasons[0]);
        Assert.StartsWith("Within 256 mean output tokens, no style can be told apart", reasons[1]);
        Assert.All(reasons, r => Assert.Contains("items per style (two-proportion z-test)", r));

        // A budget only direct fits leaves one style to choose from.
        var tight = await Html.GetAsync(client, $"/models/{site.Alpha.Id}?budget=100");
        Assert.Equal(["none", "direct"], tight.Texts("article.recommendation .pick"));
        Assert.Contains("within 100 mean output tokens", tight.QuerySelectorAll("article.recommendation .reason")[1].TextContent);
    }

    [Fact]
    public async Task All_runs_of_the_model_are_listed_with_their_state()
    {
        var page = await Html.GetAsync(site.CreateClient(), $"/models/{site.Beta.Id}");

        var states = page.Texts("table.runs tbody .state");
        Assert.Equal(3, states.Count);
        Assert.Contains("Failed", states);
        Assert.Contains("Running", states);
        Assert.Contains(SeededSite.FailureReason, page.QuerySelector("table.runs")!.TextContent);
    }

    [Fact]
    public async Task An_unknown_model_and_a_bad_budget_are_explained()
    {
        var client = site.CreateClient();

        Assert.Contains("Model 424242 not found", (await Html.GetAsync(client, "/models/424242")).QuerySelector("h1")!.TextContent);
        var bad = await Html.GetAsync(client, $"/models/{site.Alpha.Id}?budget=-5");
        Assert.Contains("Token budget '-5' is not a positive number", bad.QuerySelector(".error-note")!.TextContent);
    }
}
