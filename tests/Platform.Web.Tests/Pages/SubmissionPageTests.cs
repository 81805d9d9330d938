using System.Net;

namespace Platform.Web.Tests.Pages;

public sealed class SubmissionPageTests(SeededSite site) : IClassFixture<SeededSite>
{
    [Fact]
    public async Task A_live_submission_lists_each_run_with_state_progress_and_failure_and_reloads_itself()
    {
        // The seeded submission has no owner (as if made from the command line): an administrator sees it.
        var page = await Html.GetAsync(await site.SignedInClientAsync(SeededSite.AdminName), $"/submissions/{site.BetaSubmission.Id}");

        Assert.NotNull(page.QuerySelector("meta[http-equiv=refresh]"));
        var rows = page.QuerySelectorAll("table.runs tbody tr");
        Assert.Equal(2, rows.Length);
        var failed = rows.Single(r => r.QuerySelector("a")!.GetAttribute("href") == $"runs/{site.BetaFailed.Id}");
        Assert.Contains(SeededSite.FailureReason, failed.QuerySelector(".failure")!.TextContent);
        var running = rows.Single(r => r.QuerySelector("a")!.GetAttribute("href") == $"runs/{site.BetaRunning.Id}");
        Assert.Contains("2 / 6", running.QuerySelector(".progress-text")!.TextContent);
    }

    [Fact]
    public async Task An_unknown_submission_and_someone_elses_read_alike_as_404()
    {
        var member = await site.SignedInClientAsync(SeededSite.MemberName);

        var unknown = await member.GetAsync("/submissions/555555");
        var others = await member.GetAsync($"/submissions/{site.BetaSubmission.Id}");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        var unknownPage = Html.Parse(await unknown.Content.ReadAsStringAsync());
        var othersPage = Html.Parse(await others.Content.ReadAsStringAsync());
        // Both get the site's not-found page, word for word.
        Assert.Equal("Not found", unknownPage.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(unknownPage.QuerySelector("main")!.TextContent, othersPage.QuerySelector("main")!.TextContent);
        Assert.Null(othersPage.QuerySelector("table.runs"));
        Assert.DoesNotContain(SeededSite.FailureReason, await others.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_whether_or_not_the_submission_exists()
    {
        var client = site.CreateClient();

        foreach (var id in new[] { site.BetaSubmission.Id, 555555 })
        {
            var response = await client.GetAsync($"/submissions/{id}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        }
    }
}
