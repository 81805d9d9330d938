using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;
using Platform.Data.Security;

namespace Platform.Web.Tests.Pages;

/// <summary>A failed download: the public reads only that the model could not be downloaded; its submitter and administrators read why.</summary>
public sealed class FailureDetailTests(SeededSite site) : IClassFixture<SeededSite>, IAsyncLifetime
{
    private const string Public = "The model could not be downloaded.";
    private const string Detail = "Model 'beta': download failed: Downloading https://10.0.0.7:8443/m.gguf failed after 3 attempt(s): Connection refused";

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
            .SetProperty(r => r.FailureReason, Public).SetProperty(r => r.FailureDetail, Detail));
        (_ownerSecret, _otherSecret) = (owner.Secret, other.Secret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonElement> RunAsync(string secret)
    {
        var client = site.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return JsonDocument.Parse(await client.GetStringAsync($"/api/runs/{site.BetaFailed.Id}")).RootElement;
    }

    [Fact]
    public async Task The_public_run_page_says_only_that_the_download_failed()
    {
        var text = (await Html.GetAsync(site.CreateClient(), $"/runs/{site.BetaFailed.Id}")).Body!.TextContent;

        Assert.Contains(Public, text);
        Assert.DoesNotContain("10.0.0.7", text);
        Assert.DoesNotContain("Connection refused", text);
    }

    [Fact]
    public async Task An_administrator_reads_the_detail_on_the_run_page_and_in_the_console()
    {
        var admin = await site.SignedInClientAsync(SeededSite.AdminName);

        var run = await Html.GetAsync(admin, $"/runs/{site.BetaFailed.Id}");
        var console = await Html.GetAsync(admin, "/admin/runs");

        Assert.Contains(Detail, run.QuerySelector(".failure-detail")!.TextContent);
        Assert.Contains(Detail, console.Body!.TextContent);
    }

    [Fact]
    public async Task The_run_api_gives_the_detail_to_the_submitting_key_only()
    {
        var owner = await RunAsync(_ownerSecret);
        var other = await RunAsync(_otherSecret);

        Assert.Equal(Public, owner.GetProperty("failureReason").GetString());
        Assert.Equal(Detail, owner.GetProperty("failureDetail").GetString());
        Assert.Equal(Public, other.GetProperty("failureReason").GetString());
        Assert.Equal(JsonValueKind.Null, other.GetProperty("failureDetail").ValueKind);
    }

    [Fact]
    public async Task The_public_model_page_lists_the_failure_without_the_detail()
    {
        var text = (await Html.GetAsync(site.CreateClient(), $"/models/{site.Beta.Id}")).Body!.TextContent;

        Assert.Contains(Public, text);
        Assert.DoesNotContain("10.0.0.7", text);
    }
}
