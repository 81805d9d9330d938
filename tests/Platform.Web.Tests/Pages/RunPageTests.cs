using System.Net;
using System.Text.Json;

namespace Platform.Web.Tests.Pages;

public sealed class RunPageTests(SeededSite site) : IClassFixture<SeededSite>
{
    private static IReadOnlyList<string> ItemKeys(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("ol.items > li header strong").Select(e => e.TextContent).ToList();

    private static IEnumerable<string> KeysWhere(string verdicts, char letter) =>
        verdicts.Select((v, i) => (v, i)).Where(p => p.v == letter).Select(p => $"item-{p.i}");

    [Fact]
    public async Task Settings_hashes_and_both_scorings_are_shown()
    {
        var page = await Html.GetAsync(site.CreateClient(), $"/runs/{site.AlphaDirect.Id}");

        var text = page.Body!.TextContent;
        Assert.Contains(site.AlphaDirect.ConfigHash, text);
        Assert.Contains(site.Suite.ContentHash, text);
        Assert.Contains("\"temperature\": 0.7", text);
        Assert.Equal(["Strict", "Flexible"], page.Texts("section table.data tbody th"));
        Assert.Equal(6, ItemKeys(page).Count);
        Assert.Null(page.QuerySelector("meta[http-equiv=refresh]"));
    }

    [Fact]
    public async Task The_verdict_filter_follows_the_chosen_scoring_mode()
    {
        var client = site.CreateClient();

        var strictIncorrect = await Html.GetAsync(client, $"/runs/{site.AlphaDirect.Id}?verdict=Incorrect");
        var flexibleCorrect = await Html.GetAsync(client, $"/runs/{site.AlphaDirect.Id}?mode=flexible&verdict=correct");
        var noAnswer = await Html.GetAsync(client, $"/runs/{site.AlphaDirect.Id}?verdict=NoAnswer");

        Assert.Equal(KeysWhere(SeededSite.AlphaDirectStrict, 'I'), ItemKeys(strictIncorrect));
        Assert.Equal(KeysWhere(SeededSite.AlphaDirectFlexible, 'C'), ItemKeys(flexibleCorrect));
        Assert.Equal(KeysWhere(SeededSite.AlphaDirectStrict, 'N'), ItemKeys(noAnswer));
        Assert.Equal("NoAnswer", noAnswer.QuerySelector("select[name=verdict] option[selected]")!.TextContent);
    }

    [Fact]
    public async Task The_level_filter_and_paging_keep_each_other()
    {
        var client = site.CreateClient();

        var level2 = await Html.GetAsync(client, $"/runs/{site.AlphaDirect.Id}?level=2");
        Assert.Equal(["item-2", "item-3"], ItemKeys(level2));

        var bad = await Html.GetAsync(client, $"/runs/{site.AlphaDirect.Id}?level=hard&verdict=maybe");
        var problems = string.Join(" ", bad.Texts(".error-note"));
        Assert.Contains("Level 'hard' is not a whole number", problems);
        Assert.Contains("Verdict 'maybe' is not one of Correct, Incorrect, NoAnswer", problems);
        Assert.Equal(6, ItemKeys(bad).Count);
    }

    [Fact]
    public async Task A_running_run_reloads_itself_and_a_failed_one_says_why()
    {
        // A running run is shown to its submitter and administrators only (the seeded one has no owner).
        var client = await site.SignedInClientAsync(SeededSite.AdminName);

        var running = await Html.GetAsync(client, $"/runs/{site.BetaRunning.Id}");
        var failed = await Html.GetAsync(client, $"/runs/{site.BetaFailed.Id}");

        Assert.NotNull(running.QuerySelector("meta[http-equiv=refresh]"));
        Assert.Contains("2 / 6", running.QuerySelector(".run-status")!.TextContent);
        Assert.Null(failed.QuerySelector("meta[http-equiv=refresh]"));
        Assert.Contains(SeededSite.FailureReason, failed.QuerySelector(".run-status [role=alert]")!.TextContent);
        Assert.Contains("No item has been evaluated yet", failed.QuerySelector(".empty")!.TextContent);
    }

    [Fact]
    public async Task An_unknown_run_is_reported_as_not_found()
    {
        var response = await site.CreateClient().GetAsync("/runs/987654");
        var page = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not found", page.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_csv_download_has_a_header_and_one_quoted_row_per_item()
    {
        var response = await site.CreateClient().GetAsync($"/runs/{site.AlphaDirect.Id}/items.csv");

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"run-{site.AlphaDirect.Id}-items.csv", response.Content.Headers.ContentDisposition!.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length);
        Assert.StartsWith("run_id,item_key,position,level,sample,prompt,target,", lines[0]);
        Assert.Equal(
            $"{site.AlphaDirect.Id},item-3,3,2,0,Compute 3 * 3 + 1.,10,,\"Output of direct on item 3, with a comma, and a \"\"quote\"\".\",,answer-direct-3,NoAnswer,Correct,answer-line,false,,60,20,2250.5,numeric-equal/1",
            lines[4]);
    }

    [Fact]
    public async Task The_jsonl_download_has_one_object_per_item_with_verdicts_and_transcript()
    {
        var response = await site.CreateClient().GetAsync($"/runs/{site.AlphaCot.Id}/items.jsonl");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        var items = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(SeededSite.AlphaCotStrict, string.Concat(items.Select(i => i.GetProperty("verdictStrict").GetString()![0])));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"item-{i}"), items.Select(i => i.GetProperty("itemKey").GetString()));
        Assert.Equal(JsonValueKind.Array, items[0].GetProperty("transcript").ValueKind);
        Assert.Equal("user", items[0].GetProperty("transcript")[0].GetProperty("role").GetString());
    }

    [Fact]
    public async Task Downloads_of_an_unknown_run_are_404_with_a_reason()
    {
        var response = await site.CreateClient().GetAsync("/runs/987654/items.csv");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no run 987654", await response.Content.ReadAsStringAsync());
    }
}
