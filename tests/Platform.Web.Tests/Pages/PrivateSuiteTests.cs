using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;
using Platform.Data.Security;

namespace Platform.Web.Tests.Pages;

/// <summary>
/// The seeded suite marked private: every place that shows item text (run page, item API, downloads, comparison)
/// shows it to administrators only, while the aggregates stay public.
/// </summary>
public sealed class PrivateSuiteTests(SeededSite site) : IClassFixture<SeededSite>, IAsyncLifetime
{
    private const string Prompt = "Compute 0 * 3 + 1.";
    private const string Output = "Output of direct on item 0";

    public async Task InitializeAsync()
    {
        await using var db = site.Database.CreateContext();
        await db.Suites.Where(s => s.Id == site.Suite.Id).ExecuteUpdateAsync(set => set.SetProperty(s => s.IsPrivate, true));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpClient> KeyClientAsync()
    {
        var issued = ApiKeyTokens.Issue();
        await using (var db = site.Database.CreateContext())
        {
            db.ApiKeys.Add(new ApiKey { Name = "reader-" + issued.Prefix, Owner = "tests", Prefix = issued.Prefix, KeyHash = issued.Hash, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        var client = site.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Secret);
        return client;
    }

    [Fact]
    public async Task The_run_page_shows_the_results_but_no_item_to_the_public()
    {
        var page = await Html.GetAsync(site.CreateClient(), $"/runs/{site.AlphaDirect.Id}");

        var text = page.Body!.TextContent;
        Assert.DoesNotContain(Prompt, text);
        Assert.DoesNotContain(Output, text);
        Assert.DoesNotContain("answer-direct-0", text);
        Assert.Empty(page.QuerySelectorAll("ol.items > li"));
        Assert.Null(page.QuerySelector("a[href$='items.csv']"));
        Assert.Contains("is private", page.QuerySelector(".private-suite")!.TextContent);
        Assert.Equal(["Strict", "Flexible"], page.Texts("section table.data tbody th"));
    }

    [Fact]
    public async Task A_member_who_is_not_an_administrator_sees_no_item_either()
    {
        var page = await Html.GetAsync(await site.SignedInClientAsync(SeededSite.MemberName), $"/runs/{site.AlphaDirect.Id}");

        Assert.DoesNotContain(Prompt, page.Body!.TextContent);
    }

    [Fact]
    public async Task An_administrator_sees_every_item_and_can_download_them()
    {
        var admin = await site.SignedInClientAsync(SeededSite.AdminName);

        var page = await Html.GetAsync(admin, $"/runs/{site.AlphaDirect.Id}");
        var csv = await admin.GetAsync($"/runs/{site.AlphaDirect.Id}/items.csv");

        Assert.Contains(Prompt, page.Body!.TextContent);
        Assert.Equal(6, page.QuerySelectorAll("ol.items > li").Length);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains(Prompt, await csv.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("csv")]
    public async Task The_downloads_are_refused_to_the_public(string format)
    {
        var response = await site.CreateClient().GetAsync($"/runs/{site.AlphaDirect.Id}/items.{format}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("private suite", body);
        Assert.DoesNotContain(Prompt, body);
    }

    [Fact]
    public async Task The_item_api_refuses_an_api_key_while_the_run_api_keeps_the_aggregates()
    {
        var client = await KeyClientAsync();

        var items = await client.GetAsync($"/api/runs/{site.AlphaDirect.Id}/items");
        var run = JsonDocument.Parse(await client.GetStringAsync($"/api/runs/{site.AlphaDirect.Id}")).RootElement;

        Assert.Equal(HttpStatusCode.Forbidden, items.StatusCode);
        Assert.DoesNotContain(Prompt, await items.Content.ReadAsStringAsync());
        Assert.Equal(2.0 / 6, run.GetProperty("accuracyStrict").GetDouble(), 3); // "CICNII": two of six correct
    }

    [Fact]
    public async Task The_comparison_keeps_the_test_and_hides_the_disagreeing_items()
    {
        var url = $"/compare?a={site.AlphaDirect.Id}&b={site.AlphaCot.Id}";

        var page = await Html.GetAsync(site.CreateClient(), url);
        var admin = await Html.GetAsync(await site.SignedInClientAsync(SeededSite.AdminName), url);

        Assert.DoesNotContain("Compute ", page.Body!.TextContent);
        Assert.Contains("private", page.QuerySelector(".private-suite")!.TextContent);
        Assert.Contains("Discordant pairs", page.Body.TextContent);
        Assert.Contains("Compute ", admin.Body!.TextContent);
    }

    [Fact]
    public async Task The_leaderboard_still_ranks_runs_on_the_private_suite()
    {
        var board = await Html.GetAsync(site.CreateClient(), "/leaderboard");

        Assert.Contains(site.Alpha.Name, board.Body!.TextContent);
    }
}
