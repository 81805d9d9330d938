using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;
using Platform.Testing;
using Platform.Web.Jobs;

namespace Platform.Worker.Tests.Jobs;

/// <summary>Items that fail are recorded and the run goes on, until their share passes the configured threshold.</summary>
[Collection(JobServerCollection.Name)]
public sealed class ItemErrorTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Ten items, three of them with a prompt longer than the longest sequence a run may size (Worker:MaxSequenceLength, 1024 in these tests), so they fail.</summary>
    private async Task<long> SubmitWithOversizedItemsAsync(EvaluationQueue queue)
    {
        await using var db = database.CreateContext();
        var model = await JobTestData.AddModelAsync(db);
        var suite = await JobTestData.AddSuiteAsync(db, perLevel: 5);
        var items = await db.SuiteItems.Where(i => i.SuiteId == suite.Id).OrderBy(i => i.Position).ToListAsync();
        foreach (var item in items.Take(3))
            item.Prompt = string.Join(' ', Enumerable.Repeat("twelve plus seven minus three", 400));
        await db.SaveChangesAsync();
        var style = await JobTestData.AddStyleAsync(db);
        return (await queue.SubmitAsync(new SubmissionRequest(model.Id, [suite.Id], [style.Id], JobTestData.Decoding))).Runs.Single().Id;
    }

    [Fact]
    public async Task Failed_items_are_stored_with_their_error_and_the_run_succeeds_below_the_threshold()
    {
        using var host = JobHosts.Worker(database.ConnectionString, "worker-tolerant", new Dictionary<string, string?> { ["Worker:ItemErrorThreshold"] = "0.5" });
        await host.StartAsync();
        long runId = await SubmitWithOversizedItemsAsync(host.Queue());
        var run = await JobHosts.WaitForFinalAsync(database.CreateContext, runId, Patience);
        await host.StopAsync();

        Assert.True(run.State == RunState.Succeeded, $"run is {run.State}: {run.FailureReason}");
        Assert.Equal(10, run.ItemsDone);
        Assert.Equal(3, run.ItemErrors);
        await using var db = database.CreateContext();
        var errors = await db.ItemResults.Where(r => r.RunId == runId && r.Error != null).ToListAsync();
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.Contains("one sequence holds", e.Error));
        Assert.All(errors, e => Assert.Equal(Verdict.NoAnswer, e.VerdictFlexible));
        // Failed items have no verdict, so the rates are over the seven scored items.
        var overall = await db.RunAggregates.SingleAsync(a => a.RunId == runId && a.Mode == ScoringMode.Strict && a.Level == null);
        Assert.Equal(7, overall.ItemCount);
    }

    [Fact]
    public async Task A_run_fails_when_more_items_fail_than_the_threshold_allows()
    {
        using var host = JobHosts.Worker(database.ConnectionString, "worker-strict", new Dictionary<string, string?> { ["Worker:ItemErrorThreshold"] = "0.2" });
        await host.StartAsync();
        long runId = await SubmitWithOversizedItemsAsync(host.Queue());
        var run = await JobHosts.WaitForFinalAsync(database.CreateContext, runId, Patience);
        await host.StopAsync();

        Assert.Equal(RunState.Failed, run.State);
        Assert.Contains("3 of 10 items failed", run.FailureReason);
        Assert.Contains("Worker:ItemErrorThreshold", run.FailureReason);
    }
}
