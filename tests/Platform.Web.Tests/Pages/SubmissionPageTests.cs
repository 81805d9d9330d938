namespace Platform.Web.Tests.Pages;

public sealed class SubmissionPageTests(SeededSite site) : IClassFixture<SeededSite>
{
    [Fact]
    public async Task A_live_submission_lists_each_run_with_state_progress_and_failure_and_reloads_itself()
    {
        var page = await Html.GetAsync(site.CreateClient(), $"/submissions/{site.BetaSubmission.Id}");

        Assert.NotNull(page.QuerySelector("meta[http-equiv=refresh]"));
        var rows = page.QuerySelectorAll("table.runs tbody tr");
        Assert.Equal(2, rows.Length);
        var failed = rows.Single(r => r.QuerySelector("a")!.GetAttribute("href") == $"runs/{site.BetaFailed.Id}");
        Assert.Contains(SeededSite.FailureReason, failed.QuerySelector(".failure")!.TextContent);
        var running = rows.Single(r => r.QuerySelector("a")!.GetAttribute("href") == $"runs/{site.BetaRunning.Id}");
        Assert.Contains("2 / 6", running.QuerySelector(".progress-text")!.TextContent);
    }

    [Fact]
    public async Task An_unknown_submission_is_reported_as_not_found()
    {
        var page = await Html.GetAsync(site.CreateClient(), "/submissions/555555");

        Assert.Contains("Submission 555555 not found", page.QuerySelector("h1")!.TextContent);
    }
}
