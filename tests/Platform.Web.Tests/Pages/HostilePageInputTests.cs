using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Export;

namespace Platform.Web.Tests.Pages;

/// <summary>Page numbers, return addresses and exported text that once crashed a page or reached a spreadsheet as a formula.</summary>
public sealed class HostilePageInputTests(SeededSite site) : IClassFixture<SeededSite>
{
    [Fact]
    public async Task A_huge_page_number_is_clamped_on_every_paged_page()
    {
        var client = site.CreateClient();

        var board = await Html.GetAsync(client, "/leaderboard?page=2147483647");
        var run = await Html.GetAsync(client, $"/runs/{site.AlphaDirect.Id}?page=2147483647");
        var model = await Html.GetAsync(client, $"/models/{site.Alpha.Id}?runs=2147483647");

        Assert.Contains("past the last page", board.Body!.TextContent);
        Assert.Contains("past the last page", run.Body!.TextContent);
        Assert.Equal(6, run.QuerySelectorAll("ol.items > li").Length);
        Assert.Contains(site.Alpha.Name, model.Body!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/leaderboard?page=-5")).StatusCode);
    }

    [Theory]
    [InlineData("/x\ty")]
    [InlineData("/\\evil.example")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/ok\r\nSet-Cookie: a=b")]
    public async Task Sign_out_with_a_hostile_return_url_goes_to_the_start_page(string returnUrl)
    {
        var client = await site.SignedInClientAsync(SeededSite.AdminName);

        var response = await Forms.PostAsync(client, "/admin", "form[action='account/logout']", new() { ["returnUrl"] = returnUrl });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_out_follows_a_plain_local_return_url()
    {
        var client = await site.SignedInClientAsync(SeededSite.AdminName);

        var response = await Forms.PostAsync(client, "/admin", "form[action='account/logout']", new() { ["returnUrl"] = "/leaderboard?mode=flexible" });

        Assert.Equal("/leaderboard?mode=flexible", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_admin_action_with_a_hostile_return_url_acts_and_goes_back_to_the_console()
    {
        var client = await site.SignedInClientAsync(SeededSite.AdminName);

        var response = await Forms.PostAsync(client, "/admin", $"form[action='admin/runs/{site.BetaRunning.Id}/cancel']", new() { ["returnUrl"] = "/\\x\t" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin?notice=", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"https://evil.example\")", "\"'=HYPERLINK(\"\"https://evil.example\"\")\"")]
    [InlineData("+1+2", "'+1+2")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("plain, text", "\"plain, text\"")]
    [InlineData("a=b", "a=b")]
    public void A_csv_field_that_a_spreadsheet_would_run_gets_a_leading_apostrophe(string field, string written)
    {
        Assert.Equal(written, RunItemsExport.Quote(field));
    }

    [Fact]
    public async Task The_csv_download_neutralises_a_formula_in_model_output()
    {
        await using (var db = site.Database.CreateContext())
        {
            var first = await db.ItemResults.Where(r => r.RunId == site.BetaDirect.Id).OrderBy(r => r.Id).FirstAsync();
            first.RawOutput = "=cmd|' /C calc'!A0";
            await db.SaveChangesAsync();
        }

        var csv = await site.CreateClient().GetStringAsync($"/runs/{site.BetaDirect.Id}/items.csv");

        Assert.Contains(",'=cmd|' /C calc'!A0,", csv);
        Assert.DoesNotContain(",=cmd", csv);
    }
}
