using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Testing;
using Platform.Web.Jobs;

namespace Platform.Worker.Tests.Jobs;

/// <summary>A run survives what deployments meet: a worker process killed mid-run, and PostgreSQL restarting mid-run.</summary>
[Collection(JobServerCollection.Name)]
public sealed class RecoveryTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_run_whose_worker_process_is_killed_resumes_on_another_worker_with_every_item_once()
    {
        using var client = JobHosts.Client(database.ConnectionString);
        long runId;
        await using (var db = database.CreateContext())
        {
            var model = await JobTestData.AddModelAsync(db);
            var suite = await JobTestData.AddSuiteAsync(db, perLevel: 40);
            var style = await JobTestData.AddStyleAsync(db);
            runId = (await client.Queue().SubmitAsync(new SubmissionRequest(model.Id, [suite.Id], [style.Id], JobTestData.Decoding))).Runs.Single().Id;
        }

        int doneWhenKilled;
        using (var doomed = WorkerProcess.Start(database.ConnectionString, "worker-doomed"))
        {
            var running = await JobHosts.WaitForRunAsync(database.CreateContext, runId, r => r.ItemsDone >= 8 || r.State != RunState.Queued && r.State != RunState.Running, Patience);
            Assert.True(running.State == RunState.Running, $"run is {running.State}: {running.FailureReason}\n{doomed.Output}");
            doomed.Kill();
            await using var db = database.CreateContext();
            doneWhenKilled = await db.ItemResults.CountAsync(r => r.RunId == runId);
        }
        Assert.InRange(doneWhenKilled, 8, 79);

        using var survivor = WorkerProcess.Start(database.ConnectionString, "worker-survivor");
        var run = await JobHosts.WaitForFinalAsync(database.CreateContext, runId, Patience);
        Assert.True(run.State == RunState.Succeeded, $"run is {run.State}: {run.FailureReason}\n{survivor.Output}");
        Assert.Equal("worker-survivor", run.WorkerName);
        await using (var db = database.CreateContext())
        {
            var items = await db.ItemResults.Where(r => r.RunId == runId).Select(r => r.ItemId).ToListAsync();
            Assert.Equal(80, items.Count);
            Assert.Equal(80, items.Distinct().Count());
            // The survivor evaluated only what the killed worker had not stored.
            Assert.Equal(80, run.ItemsDone);
        }
    }

    [Fact]
    public async Task A_run_recovers_when_PostgreSQL_restarts_mid_run()
    {
        await using var server = await PrivatePostgres.StartAsync();
        await using (var admin = new NpgsqlConnection(server.ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand("CREATE DATABASE thoughtboard", admin).ExecuteNonQueryAsync();
        }
        string connectionString = server.ConnectionString("thoughtboard");
        ThoughtboardDbContext Context() => new(((DbContextOptionsBuilder<ThoughtboardDbContext>)ThoughtboardDataExtensions.UseThoughtboardDatabase(
            new DbContextOptionsBuilder<ThoughtboardDbContext>(), connectionString)).Options);
        await using (var db = Context())
            await db.Database.MigrateAsync();

        using var host = JobHosts.Worker(connectionString, "worker-outage");
        await host.StartAsync();
        long runId;
        await using (var db = Context())
        {
            var model = await JobTestData.AddModelAsync(db);
            var suite = await JobTestData.AddSuiteAsync(db, perLevel: 40);
            var style = await JobTestData.AddStyleAsync(db);
            runId = (await host.Queue().SubmitAsync(new SubmissionRequest(model.Id, [suite.Id], [style.Id], JobTestData.Decoding))).Runs.Single().Id;
        }
        var before = await JobHosts.WaitForRunAsync(Context, runId, r => r.ItemsDone >= 8, Patience);
        server.Restart();
        Assert.True(before.ItemsDone < 80, "the run finished before the restart, so the test proves nothing");

        var run = await JobHosts.WaitForFinalAsync(Context, runId, Patience);
        await host.StopAsync();
        Assert.True(run.State == RunState.Succeeded, $"run is {run.State}: {run.FailureReason}");
        await using (var db = Context())
        {
            var items = await db.ItemResults.Where(r => r.RunId == runId).Select(r => r.ItemId).ToListAsync();
            Assert.Equal(80, items.Count);
            Assert.Equal(80, items.Distinct().Count());
        }
    }
}
