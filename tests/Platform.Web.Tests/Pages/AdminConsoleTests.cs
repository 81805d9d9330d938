using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;
using Platform.Testing;

namespace Platform.Web.Tests.Pages;

public sealed class AdminConsoleTests(SeededSite site) : IClassFixture<SeededSite>
{
    public static readonly TheoryData<string> AdminPages = new() { "/admin", "/admin/runs?state=failed", "/admin/workers", "/admin/models", "/admin/keys", "/admin/users" };

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string url)
    {
        var response = await site.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login?ReturnUrl=", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Signed_in_members_without_the_admin_role_are_refused(string url)
    {
        var client = await site.SignedInClientAsync(SeededSite.MemberName);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var denied = await client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("needs the administrator role", await denied.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_hangfire_dashboard_is_for_admins_only()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await site.CreateClient().GetAsync("/admin/hangfire")).StatusCode);
        var member = await site.SignedInClientAsync(SeededSite.MemberName);
        Assert.Equal(HttpStatusCode.Redirect, (await member.GetAsync("/admin/hangfire")).StatusCode);
        var admin = await site.SignedInClientAsync(SeededSite.AdminName);
        var dashboard = await admin.GetAsync("/admin/hangfire");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Hangfire", await dashboard.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Admins_see_runs_by_state_with_counts()
    {
        var admin = await site.SignedInClientAsync(SeededSite.AdminName);

        var all = await Html.GetAsync(admin, "/admin");
        var failed = await Html.GetAsync(admin, "/admin?state=failed");

        Assert.Contains(all.Texts(".state-tabs a"), t => t.StartsWith("All ("));
        var failedRows = failed.QuerySelectorAll("table.runs tbody tr");
        Assert.NotEmpty(failedRows);
        Assert.All(failedRows, row => Assert.Equal("Failed", row.QuerySelector(".state")!.TextContent));
        Assert.Contains(failedRows, row => row.TextContent.Contains(SeededSite.FailureReason));
        // A failed run offers retry and delete, not cancel.
        var buttons = failedRows[0].QuerySelectorAll("td.actions button").Select(b => b.TextContent).ToList();
        Assert.Equal(["Retry", "Delete"], buttons);
    }

    [Fact]
    public async Task An_admin_cancels_a_queued_run_through_the_console()
    {
        var run = await AddRunAsync(RunState.Queued);
        var admin = await site.SignedInClientAsync(SeededSite.AdminName);

        var response = await Forms.PostAsync(admin, $"/admin?model={site.Beta.Name}", $"form[action='admin/runs/{run.Id}/cancel']", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("notice=", response.Headers.Location!.OriginalString);
        Assert.Equal(RunState.Cancelled, await StateAsync(run.Id));
        var page = await Html.GetAsync(admin, response.Headers.Location.OriginalString);
        Assert.Equal($"Run {run.Id} cancelled.", page.QuerySelector(".notice")!.TextContent);
    }

    [Fact]
    public async Task A_form_post_without_the_anti_forgery_token_is_rejected_and_changes_nothing()
    {
        var run = await AddRunAsync(RunState.Queued);
        var admin = await site.SignedInClientAsync(SeededSite.AdminName);

        var response = await Forms.PostAsync(admin, $"/admin?model={site.Beta.Name}", $"form[action='admin/runs/{run.Id}/cancel']", [], withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("without a valid anti-forgery token", await response.Content.ReadAsStringAsync());
        Assert.Equal(RunState.Queued, await StateAsync(run.Id));
    }

    [Fact]
    public async Task Members_and_anonymous_visitors_cannot_act_on_runs()
    {
        var run = await AddRunAsync(RunState.Queued);

        var anonymous = await site.CreateClient().PostAsync($"/admin/runs/{run.Id}/cancel", new FormUrlEncodedContent([]));
        var member = await site.SignedInClientAsync(SeededSite.MemberName);
        var memberResponse = await member.PostAsync($"/admin/runs/{run.Id}/delete", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, memberResponse.StatusCode);
        Assert.Contains("AccessDenied", memberResponse.Headers.Location!.OriginalString);
        Assert.Equal(RunState.Queued, await StateAsync(run.Id));
    }

    [Fact]
    public async Task An_admin_retries_a_failed_run_and_deletes_a_finished_one()
    {
        var failed = await AddRunAsync(RunState.Failed);
        var finished = await AddRunAsync(RunState.Succeeded);
        await using (var db = site.Database.CreateContext())
        {
            await db.Runs.Where(r => r.Id == failed.Id).ExecuteUpdateAsync(set => set
                .SetProperty(r => r.FailureReason, RunFailureReasons.ModelNotLoaded)
                .SetProperty(r => r.FailureDetail, "Model 'beta': /srv/m.gguf does not exist on worker w1"));
        }
        var admin = await site.SignedInClientAsync(SeededSite.AdminName);
        var page = $"/admin?model={site.Beta.Name}";

        var retried = await Forms.PostAsync(admin, page, $"form[action='admin/runs/{failed.Id}/retry']", []);
        var deleted = await Forms.PostAsync(admin, page, $"form[action='admin/runs/{finished.Id}/delete']", []);

        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(RunState.Queued, await StateAsync(failed.Id));
        Assert.Null(await StateAsync(finished.Id));
        // The retried run starts afresh: neither the old reason nor its detail stays with it.
        await using var check = site.Database.CreateContext();
        var requeued = await check.Runs.AsNoTracking().SingleAsync(r => r.Id == failed.Id);
        Assert.Null(requeued.FailureReason);
        Assert.Null(requeued.FailureDetail);
    }

    [Fact]
    public async Task Deleting_a_running_run_is_refused_with_a_reason()
    {
        var live = await AddRunAsync(RunState.Running);
        var admin = await site.SignedInClientAsync(SeededSite.AdminName);
        var form = await Html.GetAsync(admin, $"/admin?model={site.Beta.Name}");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await admin.PostAsync($"/admin/runs/{live.Id}/delete",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("returnUrl", "/admin")]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(Uri.EscapeDataString("cancel it before deleting it"), response.Headers.Location!.OriginalString);
        Assert.Equal(RunState.Running, await StateAsync(live.Id));
    }

    [Fact]
    public async Task An_admin_creates_an_api_key_sees_it_once_and_revokes_it()
    {
        var admin = await site.SignedInClientAsync(SeededSite.AdminName);
        var name = $"ci-{Guid.NewGuid():N}"[..12];

        var created = await Forms.PostAsync(admin, "/admin/keys", "form.key-form", new()
        {
            ["Input.Name"] = name,
            ["Input.Owner"] = "build team",
            ["Input.DailySubmissionQuota"] = "5",
        });
        var page = Html.Parse(await created.Content.ReadAsStringAsync());
        var secret = page.QuerySelector(".secret-value")!.TextContent;
        var row = page.QuerySelectorAll("table.keys tbody tr").Single(r => r.TextContent.Contains(name));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains(row.QuerySelector("code")!.TextContent.TrimEnd('…'), secret);
        Assert.Contains("build team", row.TextContent);
        Assert.DoesNotContain(secret, await admin.GetStringAsync("/admin/keys"));

        await using var db = site.Database.CreateContext();
        var key = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Name == name);
        Assert.Equal(5, key.DailySubmissionQuota);
        var revoke = await Forms.PostAsync(admin, "/admin/keys", $"form[action='admin/keys/{key.Id}/revoke']", []);
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.NotNull((await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == key.Id)).RevokedAt);
    }

    [Fact]
    public async Task A_key_without_a_name_is_refused_with_the_reason()
    {
        var admin = await site.SignedInClientAsync(SeededSite.AdminName);

        var response = await Forms.PostAsync(admin, "/admin/keys", "form.key-form", new() { ["Input.Name"] = "" });

        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Give the key a name", page.QuerySelector(".validation-errors, .validation-message")!.TextContent);
        Assert.Null(page.QuerySelector(".secret"));
    }

    [Fact]
    public async Task Workers_show_backend_loaded_models_and_whether_they_are_alive()
    {
        await using (var db = site.Database.CreateContext())
        {
            db.Workers.AddRange(
                new Data.Entities.Worker { Name = "gpu-box-1", Machine = "gpu-box", Backend = WorkerBackend.Cuda, LoadedModels = [site.Alpha.Name], StartedAt = DateTimeOffset.UtcNow.AddHours(-1), HeartbeatAt = DateTimeOffset.UtcNow },
                new Data.Entities.Worker { Name = "old-cpu-1", Machine = "old", Backend = WorkerBackend.Cpu, StartedAt = SampleEntities.Moment, HeartbeatAt = SampleEntities.Moment });
            await db.SaveChangesAsync();
        }
        var admin = await site.SignedInClientAsync(SeededSite.AdminName);

        var page = await Html.GetAsync(admin, "/admin/workers");

        var alive = page.QuerySelectorAll("table.workers tr.alive").Single(r => r.TextContent.Contains("gpu-box-1"));
        Assert.Contains("CUDA", alive.TextContent);
        Assert.Contains(site.Alpha.Name, alive.TextContent);
        var stale = page.QuerySelectorAll("table.workers tr.stale").Single(r => r.TextContent.Contains("old-cpu-1"));
        Assert.Contains("gone", stale.TextContent);
    }

    [Fact]
    public async Task The_models_page_lists_every_model_with_its_runs()
    {
        var admin = await site.SignedInClientAsync(SeededSite.AdminName);

        var page = await Html.GetAsync(admin, "/admin/models");

        var rows = page.QuerySelectorAll("table.models tbody tr");
        Assert.Contains(rows, r => r.TextContent.Contains(site.Alpha.Name) && r.TextContent.Contains("2 / 2"));
    }

    private async Task<Run> AddRunAsync(RunState state)
    {
        await using var db = site.Database.CreateContext();
        var model = await db.Models.SingleAsync(m => m.Id == site.Beta.Id);
        var suite = await db.Suites.SingleAsync(s => s.Id == site.Suite.Id);
        var style = await db.Styles.FirstAsync();
        var run = SampleEntities.Run(model, suite, style);
        run.State = state;
        run.HangfireJobId = null;
        run.FinishedAt = state is RunState.Queued or RunState.Running ? null : SampleEntities.Moment;
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        return run;
    }

    private async Task<RunState?> StateAsync(long runId)
    {
        await using var db = site.Database.CreateContext();
        return await db.Runs.Where(r => r.Id == runId).Select(r => (RunState?)r.State).SingleOrDefaultAsync();
    }
}
