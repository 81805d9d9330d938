using Platform.Testing;

namespace Platform.Web.Tests.Pages;

public sealed class BoardPageTests(SeededSite site) : IClassFixture<SeededSite>
{
    private static IReadOnlyList<string> ModelsOnBoard(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("table.board tbody tr").Select(r => r.QuerySelector("a[href^='models/']")!.TextContent.Trim()).ToList();

    [Fact]
    public async Task Every_finished_run_is_a_row_ordered_by_accuracy_and_live_or_failed_runs_are_not()
    {
        var page = await Html.GetAsync(site.CreateClient(), "/leaderboard");

        // beta direct 5/6, alpha cot 4/6, alpha direct 2/6.
        Assert.Equal([site.Beta.Name, site.Alpha.Name, site.Alpha.Name], ModelsOnBoard(page));
        var accuracies = page.QuerySelectorAll("table.board tbody tr svg text").Select(t => t.TextContent).ToList();
        Assert.Equal(["83%", "67%", "33%"], accuracies);
        Assert.Contains("5 / 6", page.QuerySelector("table.board tbody tr")!.TextContent);
    }

    [Fact]
    public async Task Filters_from_the_query_string_narrow_the_rows_and_stay_selected_in_the_form()
    {
        var page = await Html.GetAsync(site.CreateClient(), "/leaderboard?family=alpha&style=cot&mode=flexible");

        Assert.Equal([site.Alpha.Name], ModelsOnBoard(page));
        Assert.Equal("alpha", page.QuerySelector("select[name=family] option[selected]")!.TextContent);
        Assert.Equal("cot", page.QuerySelector("select[name=style] option[selected]")!.TextContent);
        Assert.Equal("flexible", page.QuerySelector("select[name=mode] option[selected]")!.TextContent);
        Assert.Equal("get", page.QuerySelector("form.board-filters")!.GetAttribute("method"));
    }

    [Fact]
    public async Task Size_quantization_and_search_filters_apply()
    {
        var client = site.CreateClient();

        Assert.Equal([site.Beta.Name], ModelsOnBoard(await Html.GetAsync(client, "/leaderboard?size=2-")));
        Assert.Equal([site.Alpha.Name, site.Alpha.Name], ModelsOnBoard(await Html.GetAsync(client, "/leaderboard?quantization=q4_k_m")));
        var search = await Html.GetAsync(client, "/leaderboard?q=beta");
        Assert.Equal([site.Beta.Name], ModelsOnBoard(search));
        Assert.Equal("beta", search.QuerySelector("input[name=q]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Sorting_by_model_name_puts_alpha_first()
    {
        var page = await Html.GetAsync(site.CreateClient(), "/leaderboard?sort=model");

        Assert.Equal([site.Alpha.Name, site.Alpha.Name, site.Beta.Name], ModelsOnBoard(page));
    }

    [Fact]
    public async Task Chosen_columns_replace_the_default_ones()
    {
        var client = site.CreateClient();
        var defaults = (await Html.GetAsync(client, "/leaderboard")).Texts("table.board thead th");
        var chosen = await Html.GetAsync(client, "/leaderboard?cols=latency&cols=tpc");
        var headers = chosen.Texts("table.board thead th");

        Assert.Contains("Mean output tokens", defaults);
        Assert.DoesNotContain("Mean latency", defaults);
        Assert.Contains("Mean latency", headers);
        Assert.Contains("Tokens per correct", headers);
        Assert.DoesNotContain("Mean output tokens", headers);
        Assert.True(chosen.QuerySelector("input[name=cols][value=latency]")!.HasAttribute("checked"));
    }

    [Fact]
    public async Task The_matrix_view_has_a_row_per_model_and_marks_pairs_never_run()
    {
        var page = await Html.GetAsync(site.CreateClient(), "/leaderboard?view=matrix");

        var rows = page.QuerySelectorAll("table.board-matrix tbody tr");
        Assert.Equal(2, rows.Length);
        var beta = rows.Single(r => r.QuerySelector("th")!.TextContent.Trim() == site.Beta.Name);
        Assert.Contains("not run", beta.TextContent);
        Assert.Equal(2, page.QuerySelectorAll("table.board-matrix thead th").Length - 1);
    }

    [Fact]
    public async Task Bad_filter_values_are_explained_instead_of_ignored_silently()
    {
        var page = await Html.GetAsync(site.CreateClient(), "/leaderboard?size=big&sort=luck");

        var problems = string.Join(" ", page.Texts(".error-note"));
        Assert.Contains("size 'big'", problems);
        Assert.Contains("Ignored: 'luck' is not a sort order; use one of accuracy, wilsonLow", problems);
        Assert.Equal(3, ModelsOnBoard(page).Count);
    }

    [Fact]
    public async Task A_filter_that_matches_nothing_says_so()
    {
        var page = await Html.GetAsync(site.CreateClient(), "/leaderboard?family=gamma");

        Assert.Contains("No results match these filters", page.QuerySelector(".empty")!.TextContent);
    }

    [Fact]
    public async Task An_empty_database_invites_a_first_submission()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new ThoughtboardWebFactory(database.ConnectionString);

        var page = await Html.GetAsync(app.CreateClient(), "/leaderboard");

        var empty = page.QuerySelector(".empty")!;
        Assert.Contains("No runs yet", empty.TextContent);
        Assert.Equal("submit", empty.QuerySelector("a")!.GetAttribute("href"));
    }
}
