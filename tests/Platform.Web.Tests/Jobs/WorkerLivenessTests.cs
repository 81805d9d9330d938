using System.Text.Json;
using Platform.Data.Entities;
using Platform.Testing;
using Platform.Web.Tests.Auth;
using Platform.Web.Tests.Pages;

namespace Platform.Web.Tests.Jobs;

/// <summary>A running run whose worker stopped sending heartbeats says that it waits for a worker, not that it is at work.</summary>
public sealed class WorkerLivenessTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private const string Password = "a liveness password";

    [Fact]
    public async Task A_running_run_whose_worker_went_silent_waits_for_a_worker_on_the_page_and_in_the_api()
    {
        await using var app = new SecuredApp(database.Database);
        var now = app.Clock.GetUtcNow();
        var workerName = "worker-" + Guid.NewGuid().ToString("N")[..8];
        var run = await RunningRunAsync(app, workerName, workerHeartbeat: now.AddSeconds(-5));
        var admin = app.Client();
        var administrator = await app.AddUserAsync($"admin-{Guid.NewGuid():N}@example.org", Password, UserRole.Admin);
        await SecuredApp.SignInAsync(admin, administrator.UserName, Password);

        var alivePage = await Html.GetAsync(admin, $"/runs/{run.Id}");
        var aliveApi = JsonDocument.Parse(await admin.GetStringAsync($"/api/runs/{run.Id}")).RootElement;

        Assert.Null(alivePage.QuerySelector(".worker-lost"));
        Assert.Contains("13 / 40", alivePage.QuerySelector(".run-status")!.TextContent);
        Assert.Equal("running", alivePage.QuerySelector(".run-status .state")!.TextContent.Trim().ToLowerInvariant());
        Assert.Equal(JsonValueKind.Null, aliveApi.GetProperty("statusDetail").ValueKind);

        // The worker was killed: its row stops moving while the clock goes on.
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        var lostPage = await Html.GetAsync(admin, $"/runs/{run.Id}");
        var lostApi = JsonDocument.Parse(await admin.GetStringAsync($"/api/runs/{run.Id}")).RootElement;

        var lastSeen = now.AddSeconds(-5).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss");
        Assert.Equal($"Waiting for a worker (last seen {lastSeen} UTC, 3 min ago)", lostPage.QuerySelector(".worker-lost")!.TextContent.Trim());
        Assert.Equal("Waiting", lostPage.QuerySelector(".run-status .state")!.TextContent.Trim());
        Assert.DoesNotContain("13 / 40", lostPage.QuerySelector(".run-status")!.TextContent);
        Assert.Equal($"Waiting for a worker (last seen {lastSeen} UTC, 3 min ago)", lostApi.GetProperty("statusDetail").GetString());
        Assert.Equal("running", lostApi.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_run_that_is_not_running_never_waits_for_a_worker()
    {
        await using var app = new SecuredApp(database.Database);
        var run = await RunningRunAsync(app, "worker-" + Guid.NewGuid().ToString("N")[..8], workerHeartbeat: app.Clock.GetUtcNow().AddHours(-2),
            state: RunState.Succeeded);

        var page = await Html.GetAsync(app.Client(), $"/runs/{run.Id}");

        Assert.Null(page.QuerySelector(".worker-lost"));
        Assert.Equal("Succeeded", page.QuerySelector(".run-status .state")!.TextContent.Trim());
    }

    private static async Task<Run> RunningRunAsync(SecuredApp app, string workerName, DateTimeOffset workerHeartbeat, RunState state = RunState.Running)
    {
        await using var db = app.Db();
        var run = SampleEntities.Run(SampleEntities.Model(), SampleEntities.Suite(), SampleEntities.Style());
        run.State = state;
        run.WorkerName = workerName;
        run.ItemsDone = 13;
        run.ItemsTotal = 40;
        run.HeartbeatAt = workerHeartbeat;
        run.StatusDetail = null;
        db.Runs.Add(run);
        db.Workers.Add(new Data.Entities.Worker
        {
            Name = workerName, Machine = "box", Backend = WorkerBackend.Cpu, StartedAt = workerHeartbeat.AddHours(-1), HeartbeatAt = workerHeartbeat,
        });
        await db.SaveChangesAsync();
        return run;
    }
}
