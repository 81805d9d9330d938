using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets.Suites;
using Platform.Evaluation.Models;
using Platform.Evaluation.Running;
using Platform.Evaluation.Styles;
using Platform.Llama;
using Platform.Testing;
using Platform.Web.Jobs;
using Platform.Worker.Engine;

namespace Platform.Worker.Tests.Jobs;

/// <summary>Hangfire's job storage and filters are process-wide, so every test that hosts a job server runs in this one collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class JobServerCollection
{
    public const string Name = "job servers";
}

[Collection(JobServerCollection.Name)]
public sealed class RunJobTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private async Task<Submission> SubmitAsync(IHost host, int perLevel, string decoding = JobTestData.Decoding, params string[] styles)
    {
        await using var db = database.CreateContext();
        var model = await JobTestData.AddModelAsync(db);
        var suite = await JobTestData.AddSuiteAsync(db, perLevel);
        var styleRows = new List<Platform.Data.Entities.ThinkingStyle>();
        foreach (var style in styles.DefaultIfEmpty("direct"))
            styleRows.Add(await JobTestData.AddStyleAsync(db, style));
        return await host.Queue().SubmitAsync(new SubmissionRequest(model.Id, [suite.Id], styleRows.Select(s => s.Id).ToList(), decoding, Seed: 11));
    }

    [Fact]
    public async Task A_run_stores_the_same_results_as_the_evaluation_runner_and_its_aggregates()
    {
        // One sequence at a time on both sides: with several, which items share a decode step depends on timing,
        // and batch composition changes llama.cpp's float rounding, so outputs would differ for reasons unrelated to jobs.
        using var host = JobHosts.Worker(database.ConnectionString, "worker-match",
            new Dictionary<string, string?> { ["Worker:Sequences"] = "1", ["Worker:MaxConcurrentItems"] = "1" });
        await host.StartAsync();
        var submission = await SubmitAsync(host, perLevel: 6);
        var run = await JobHosts.WaitForFinalAsync(database.CreateContext, submission.Runs.Single().Id, Patience);
        await host.StopAsync();

        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal(12, run.ItemsTotal);
        Assert.Equal(12, run.ItemsDone);
        Assert.Equal(0, run.ItemErrors);
        Assert.Equal("worker-match", run.WorkerName);
        Assert.True(run.TokensOut > 0);
        Assert.NotNull(run.TokensPerSecond);
        Assert.NotNull(run.FinishedAt);

        // The same suite, style, sampling and engine settings through the evaluation runner directly.
        var suite = BuiltInSuites.Build("arithmetic@1-2", 7, 6);
        using var engine = LlamaEvaluationModel.Load(JobTestData.TinyModelPath, new LlamaModelOptions { GpuLayers = 0 },
            new BatchedGeneratorOptions { Sequences = 1, SequenceLength = 1024, Threads = 1 });
        var expected = new Dictionary<string, string>();
        await foreach (var result in EvaluationRunner.RunAsync(suite, StyleTable.Create("direct"), engine,
            new SamplingSettings { Temperature = 0, MaxTokens = 48, Seed = 11 }, new RunOptions(1)))
            expected[result.Item.Id] = result.Score!.RawOutput;

        await using var db = database.CreateContext();
        var stored = await db.ItemResults.Where(r => r.RunId == run.Id).Select(r => new { r.Item.Key, r.RawOutput, r.SampleIndex }).ToListAsync();
        Assert.Equal(12, stored.Count);
        Assert.All(stored, r => Assert.Equal(0, r.SampleIndex));
        Assert.Equal(expected.OrderBy(e => e.Key), stored.ToDictionary(r => r.Key, r => r.RawOutput).OrderBy(e => e.Key));

        var aggregates = await db.RunAggregates.Where(a => a.RunId == run.Id).ToListAsync();
        // Overall and levels 1 and 2, for both scoring modes.
        Assert.Equal(6, aggregates.Count);
        var overall = aggregates.Single(a => a.Mode == ScoringMode.Flexible && a.Level is null);
        Assert.Equal(12, overall.ItemCount);
        Assert.InRange(overall.WilsonLow, 0, overall.Accuracy + 1e-9);
        Assert.InRange(overall.WilsonHigh, overall.Accuracy, 1);
        Assert.Equal(SubmissionState.Succeeded, (await db.Submissions.SingleAsync(s => s.Id == submission.Id)).State);

        var worker = await db.Workers.SingleAsync(w => w.Name == "worker-match");
        Assert.Equal(WorkerBackend.Cpu, worker.Backend);
        Assert.Single(worker.LoadedModels);
    }

    [Fact]
    public async Task A_corrupt_model_file_fails_the_run_with_the_reason()
    {
        var corrupt = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.gguf");
        var bytes = (await File.ReadAllBytesAsync(JobTestData.TinyModelPath))[..4096];
        await File.WriteAllBytesAsync(corrupt, bytes);
        try
        {
            using var host = JobHosts.Worker(database.ConnectionString, "worker-corrupt");
            await host.StartAsync();
            long runId;
            await using (var db = database.CreateContext())
            {
                var model = await JobTestData.AddModelAsync(db, corrupt);
                var suite = await JobTestData.AddSuiteAsync(db, 2);
                var style = await JobTestData.AddStyleAsync(db);
                var submission = await host.Queue().SubmitAsync(new SubmissionRequest(model.Id, [suite.Id], [style.Id], JobTestData.Decoding));
                runId = submission.Runs.Single().Id;
            }
            var run = await JobHosts.WaitForFinalAsync(database.CreateContext, runId, Patience);
            await host.StopAsync();

            Assert.Equal(RunState.Failed, run.State);
            // The worker's path is for the submitter and administrators (the detail), not the public reason.
            Assert.Equal(RunFailureReasons.ModelNotLoaded, run.FailureReason);
            Assert.DoesNotContain(corrupt, run.FailureReason);
            Assert.Contains("could not be loaded", run.FailureDetail);
            Assert.Contains(corrupt, run.FailureDetail);
            Assert.Equal(0, run.ItemsDone);
        }
        finally
        {
            File.Delete(corrupt);
        }
    }

    [Fact]
    public async Task Cancel_stops_a_running_run_within_seconds_and_retry_resumes_it()
    {
        using var host = JobHosts.Worker(database.ConnectionString, "worker-cancel");
        await host.StartAsync();
        var submission = await SubmitAsync(host, perLevel: 40);
        long runId = submission.Runs.Single().Id;
        await JobHosts.WaitForRunAsync(database.CreateContext, runId, r => r.ItemsDone >= 4, Patience);

        var cancelledAt = DateTimeOffset.UtcNow;
        Assert.Equal(CancelOutcome.Cancelled, await host.Queue().CancelRunAsync(runId));
        // The job has stopped once its results stop growing; it must stop well before the run would have finished.
        int previous = -1, current;
        while (true)
        {
            await Task.Delay(1500);
            await using var db = database.CreateContext();
            current = await db.ItemResults.CountAsync(r => r.RunId == runId);
            if (current == previous) break;
            previous = current;
        }
        Assert.True(DateTimeOffset.UtcNow - cancelledAt < TimeSpan.FromSeconds(10), "the run kept writing results long after the cancel");
        var cancelled = await JobHosts.WaitForFinalAsync(database.CreateContext, runId, Patience);
        Assert.Equal(RunState.Cancelled, cancelled.State);
        Assert.InRange(current, 4, 79);
        await using (var db = database.CreateContext())
            Assert.Equal(SubmissionState.Cancelled, (await db.Submissions.SingleAsync(s => s.Id == submission.Id)).State);

        Assert.Equal(RetryOutcome.Requeued, await host.Queue().RetryRunAsync(runId));
        var finished = await JobHosts.WaitForFinalAsync(database.CreateContext, runId, Patience);
        await host.StopAsync();
        Assert.Equal(RunState.Succeeded, finished.State);
        await using (var db = database.CreateContext())
        {
            var keys = await db.ItemResults.Where(r => r.RunId == runId).Select(r => r.ItemId).ToListAsync();
            Assert.Equal(80, keys.Count);
            Assert.Equal(80, keys.Distinct().Count());
            Assert.Equal(SubmissionState.Succeeded, (await db.Submissions.SingleAsync(s => s.Id == submission.Id)).State);
        }
    }

    [Fact]
    public async Task Two_workers_share_the_runs_of_a_submission_and_no_run_is_executed_twice()
    {
        using var first = JobHosts.Worker(database.ConnectionString, "worker-one");
        using var second = JobHosts.Worker(database.ConnectionString, "worker-two");
        await first.StartAsync();
        await second.StartAsync();
        var submission = await SubmitAsync(first, perLevel: 4, JobTestData.Decoding, "direct", "cot", "cod", "sot");
        var runs = new List<Run>();
        foreach (var run in submission.Runs)
            runs.Add(await JobHosts.WaitForFinalAsync(database.CreateContext, run.Id, Patience));
        await Task.WhenAll(first.StopAsync(), second.StopAsync());

        Assert.All(runs, r => Assert.True(r.State == RunState.Succeeded, $"run {r.Id} is {r.State}: {r.FailureReason}"));
        Assert.Equal(["worker-one", "worker-two"], runs.Select(r => r.WorkerName!).Distinct().Order());
        var monitoring = Hangfire.JobStorage.Current.GetMonitoringApi();
        foreach (var run in runs)
        {
            var history = monitoring.JobDetails(run.HangfireJobId).History;
            Assert.Single(history, state => state.StateName == Hangfire.States.ProcessingState.StateName);
        }
        await using var db = database.CreateContext();
        var counts = await db.ItemResults.Where(r => r.Run.SubmissionId == submission.Id).GroupBy(r => r.RunId).Select(g => g.Count()).ToListAsync();
        Assert.Equal([8, 8, 8, 8], counts);
    }
}
