using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;
using Platform.Data.Security;

namespace Platform.Web.Tests.Pages;

/// <summary>
/// A queued or running run belongs to its submission: only its submitter and administrators see it (404 for others, on
/// the API, the run page and the downloads). A finished run is public, but which submission it came from is not.
/// </summary>
public sealed class RunVisibilityTests(SeededSite site) : IClassFixture<SeededSite>, IAsyncLifetime
{
    private const string Detail = "Model 'beta': /srv/models/beta.gguf does not exist on worker gpu-7";

    private string _ownerSecret = "";
    private string _otherSecret = "";

    public async Task InitializeAsync()
    {
        await using var db = site.Database.CreateContext();
        var owner = ApiKeyTokens.Issue();
        var other = ApiKeyTokens.Issue();
        var ownerKey = new ApiKey { Name = "owner-" + owner.Prefix, Owner = "tests", Prefix = owner.Prefix, KeyHash = owner.Hash, CreatedAt = DateTimeOffset.UtcNow };
        db.ApiKeys.AddRange(ownerKey,
            new ApiKey { Name = "other-" + other.Prefix, Owner = "tests", Prefix = other.Prefix, KeyHash = other.Hash, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        await db.Submissions.Where(s => s.Id == site.BetaSubmission.Id).ExecuteUpdateAsync(set => set.SetProperty(s => s.ApiKeyId, ownerKey.Id));
        await db.Runs.Where(r => r.Id == site.BetaFailed.Id).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.FailureReason, RunFailureReasons.ModelNotLoaded).SetProperty(r => r.FailureDetail, Detail));
        (_ownerSecret, _otherSecret) = (owner.Secret, other.Secret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient Keyed(string secret)
    {
        var client = site.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpClient client, string url) =>
        JsonDocument.Parse(await client.GetStringAsync(url)).RootElement;

    [Fact]
    public async Task A_running_run_is_found_by_its_submitter_and_administrators_only()
    {
        var url = $"/api/runs/{site.BetaRunning.Id}";
        var admin = await site.SignedInClientAsync(SeededSite.AdminName);

        var owner = await JsonAsync(Keyed(_ownerSecret), url);
        var byAdmin = await JsonAsync(admin, url);
        var other = await Keyed(_otherSecret).GetAsync(url);
        var otherItems = await Keyed(_otherSecret).GetAsync(url + "/items");
        var missing = await Keyed(_otherSecret).GetAsync("/api/runs/987654");

        Assert.Equal(site.BetaSubmission.Id, owner.GetProperty("submissionId").GetInt64());
        Assert.Equal(site.BetaSubmission.Id, byAdmin.GetProperty("submissionId").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherItems.StatusCode);
        Assert.Equal(missing.StatusCode, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Keyed(_ownerSecret).GetAsync(url + "/items")).StatusCode);
    }

    [Fact]
    public async Task A_finished_run_is_public_without_its_submission()
    {
        var url = $"/api/runs/{site.BetaFailed.Id}";

        var owner = await JsonAsync(Keyed(_ownerSecret), url);
        var other = await JsonAsync(Keyed(_otherSecret), url);

        Assert.Equal(site.BetaSubmission.Id, owner.GetProperty("submissionId").GetInt64());
        Assert.Equal(JsonValueKind.Null, other.GetProperty("submissionId").ValueKind);
        Assert.Equal(RunFailureReasons.ModelNotLoaded, other.GetProperty("failureReason").GetString());
        Assert.Equal(JsonValueKind.Null, other.GetProperty("failureDetail").ValueKind);
    }

    [Fact]
    public async Task The_submission_answers_give_the_owner_and_administrators_the_failure_detail()
    {
        var admin = await site.SignedInClientAsync(SeededSite.AdminName);
        static string? DetailOf(JsonElement submission, long runId) =>
            submission.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == runId).GetProperty("failureDetail").GetString();

        var one = await JsonAsync(Keyed(_ownerSecret), $"/api/submissions/{site.BetaSubmission.Id}");
        var listed = (await JsonAsync(Keyed(_ownerSecret), "/api/submissions")).GetProperty("submissions").EnumerateArray()
            .Single(s => s.GetProperty("id").GetInt64() == site.BetaSubmission.Id);
        var byAdmin = await JsonAsync(admin, $"/api/submissions/{site.BetaSubmission.Id}");

        Assert.Equal(Detail, DetailOf(one, site.BetaFailed.Id));
        Assert.Equal(Detail, DetailOf(listed, site.BetaFailed.Id));
        Assert.Equal(Detail, DetailOf(byAdmin, site.BetaFailed.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await Keyed(_otherSecret).GetAsync($"/api/submissions/{site.BetaSubmission.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_run_page_and_downloads_of_a_running_run_are_not_found_for_the_public()
    {
        var anonymous = site.CreateClient();
        var admin = await site.SignedInClientAsync(SeededSite.AdminName);

        var page = await anonymous.GetAsync($"/runs/{site.BetaRunning.Id}");
        var unknown = await anonymous.GetAsync("/runs/987654");
        var csv = await anonymous.GetAsync($"/runs/{site.BetaRunning.Id}/items.csv");
        var jsonl = await anonymous.GetAsync($"/runs/{site.BetaRunning.Id}/items.jsonl");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        // Word for word the answer for a run that does not exist.
        Assert.Equal(Html.Parse(await unknown.Content.ReadAsStringAsync()).QuerySelector("main")!.TextContent,
            Html.Parse(await page.Content.ReadAsStringAsync()).QuerySelector("main")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, csv.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, jsonl.StatusCode);
        var forAdmin = await Html.GetAsync(admin, $"/runs/{site.BetaRunning.Id}");
        Assert.NotNull(forAdmin.QuerySelector($"a[href='submissions/{site.BetaSubmission.Id}']"));
    }

    [Fact]
    public async Task The_public_run_page_of_a_finished_run_hides_its_submission_and_detail()
    {
        var anonymous = await Html.GetAsync(site.CreateClient(), $"/runs/{site.BetaFailed.Id}");
        var admin = await Html.GetAsync(await site.SignedInClientAsync(SeededSite.AdminName), $"/runs/{site.BetaFailed.Id}");

        Assert.Null(anonymous.QuerySelector("a[href^='submissions/']"));
        Assert.Contains(RunFailureReasons.ModelNotLoaded, anonymous.QuerySelector(".run-status [role=alert]")!.TextContent);
        Assert.DoesNotContain("/srv/models", anonymous.Body!.TextContent);
        Assert.NotNull(admin.QuerySelector($"a[href='submissions/{site.BetaSubmission.Id}']"));
        Assert.Contains(Detail, admin.QuerySelector(".failure-detail")!.TextContent);
    }

    [Fact]
    public async Task The_public_model_page_counts_a_running_run_without_linking_it()
    {
        var page = await Html.GetAsync(site.CreateClient(), $"/models/{site.Beta.Id}");

        var links = page.QuerySelectorAll("table.runs tbody a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(3, page.QuerySelectorAll("table.runs tbody tr").Length);
        Assert.DoesNotContain($"runs/{site.BetaRunning.Id}", links);
        Assert.Contains($"runs/{site.BetaFailed.Id}", links);
        Assert.DoesNotContain("/srv/models", page.Body!.TextContent);
    }
}
