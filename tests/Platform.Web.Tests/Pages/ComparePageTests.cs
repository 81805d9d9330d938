namespace Platform.Web.Tests.Pages;

public sealed class ComparePageTests(SeededSite site) : IClassFixture<SeededSite>
{
    [Fact]
    public async Task Two_styles_of_one_model_get_the_paired_counts_and_mcnemar_p_value()
    {
        var page = await Html.GetAsync(site.CreateClient(), $"/compare?a={site.AlphaDirect.Id}&b={site.AlphaCot.Id}");

        // direct CICNII vs cot CCCICI: both right on 0 and 2, only cot on 1 and 4, neither on 3 and 5.
        var cells = page.Texts("table.contingency tbody td");
        Assert.Equal(["2", "0", "2", "2"], cells);
        // Two discordant pairs, both one way: exact two-sided binomial 2 * 0.5^2 = 0.5.
        Assert.Equal("0.5", page.QuerySelector(".p-value")!.TextContent);
        Assert.Equal(2, page.QuerySelectorAll("section table.data").Last().QuerySelectorAll("tbody tr").Length);
        Assert.Contains("No significant difference", page.QuerySelector(".verdict-line")!.TextContent);
        // One wording of each style ran: no spread, and no warning about one.
        Assert.Equal(["one wording", "one wording"], page.QuerySelectorAll("td.wording-spread").Select(td => td.TextContent.Trim()));
        Assert.Null(page.QuerySelector(".wording-note"));
        // direct spent 20 tokens an item, cot 200: ten times the budget, which the page says is not equal compute.
        Assert.Contains("B spent 10.00× the mean output tokens of A: not equal compute", page.QuerySelector(".compute-line")!.TextContent);
        // Neither run voted, so there are no maj@k curves.
        Assert.Null(page.QuerySelector(".sampling-curve"));
        // The form shows what is compared, so changing one side starts from it.
        Assert.Equal("direct", page.QuerySelector("select[name=style] option[selected]")!.TextContent);
        Assert.Equal("cot", page.QuerySelector("select[name=styleB] option[selected]")!.TextContent);
        Assert.Equal(site.Alpha.Name, page.QuerySelector("select[name=modelB] option[selected]")!.TextContent);
    }

    [Fact]
    public async Task The_form_picks_the_latest_runs_of_two_models_on_a_suite()
    {
        var page = await Html.GetAsync(site.CreateClient(),
            $"/compare?model={site.Alpha.Id}&style=direct&modelB={site.Beta.Id}&suite={site.Suite.Id}");

        var runLinks = page.QuerySelectorAll("section table.data").First().QuerySelectorAll("a[href^='runs/']").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"runs/{site.AlphaDirect.Id}", $"runs/{site.BetaDirect.Id}"], runLinks);
        // alpha CICNII vs beta CCCCCI: only beta right on 1, 3 and 4.
        Assert.Equal(["2", "0", "3", "1"], page.Texts("table.contingency tbody td"));
    }

    [Fact]
    public async Task Comparing_a_configuration_with_itself_or_a_missing_run_is_refused_with_a_reason()
    {
        var client = site.CreateClient();

        var same = await Html.GetAsync(client, $"/compare?model={site.Alpha.Id}&style=direct&suite={site.Suite.Id}");
        Assert.Contains("same model with the same style", same.QuerySelector(".error-note")!.TextContent);

        var missing = await Html.GetAsync(client, $"/compare?a={site.AlphaDirect.Id}&b=999999");
        Assert.Contains("There is no run 999999", missing.QuerySelector(".error-note")!.TextContent);
        Assert.Null(missing.QuerySelector("table.contingency"));
    }

    [Fact]
    public async Task Another_submitters_unfinished_run_cannot_be_compared_and_is_answered_as_unknown()
    {
        var url = $"/compare?a={site.BetaRunning.Id}&b={site.AlphaCot.Id}";

        var anonymous = await Html.GetAsync(site.CreateClient(), url);
        var admin = await Html.GetAsync(await site.SignedInClientAsync(SeededSite.AdminName), url);

        Assert.Contains($"There is no run {site.BetaRunning.Id}", anonymous.QuerySelector(".error-note")!.TextContent);
        Assert.Null(anonymous.QuerySelector("table.contingency"));
        Assert.Null(admin.QuerySelector(".error-note"));
        Assert.NotNull(admin.QuerySelector("table.contingency"));
    }
}
