using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Platform.Data.Entities;
using Platform.Data.Runs;
using Platform.Testing;

namespace Platform.Data.Tests;

/// <summary>Every allowed change of a run's state, against PostgreSQL: what it writes, what it clears, what it refuses.</summary>
public sealed class RunTransitionsTests(ThoughtboardDatabaseFixture fixture) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    private RunTransitions Transitions => new(_clock);

    /// <summary>A submission with two runs in the given states; the first run is the one the tests change.</summary>
    private async Task<(long RunId, long SubmissionId)> SeedAsync(RunState state, RunState other = RunState.Succeeded)
    {
        await using var db = fixture.CreateContext();
        var model = SampleEntities.Model();
        var suite = SampleEntities.Suite();
        var style = SampleEntities.Style();
        var first = SampleEntities.Run(model, suite, style);
        var second = SampleEntities.Run(model, suite, style);
        first.State = state;
        first.StatusDetail = "Loading the model";
        first.EstimatedFinishAt = SampleEntities.Moment.AddHours(1);
        first.FailureReason = state is RunState.Failed or RunState.Cancelled ? "it broke" : null;
        first.FailureDetail = first.FailureReason is null ? null : "in detail";
        first.CancelRequestedAt = state == RunState.Cancelled ? SampleEntities.Moment : null;
        first.FinishedAt = state is RunState.Succeeded or RunState.Failed or RunState.Cancelled ? SampleEntities.Moment : null;
        second.State = other;
        var submission = new Submission
        {
            Model = model, Suites = [suite], Styles = [style], Seed = 1, State = SubmissionState.Running,
            RequestHash = new string('e', 64), CreatedAt = SampleEntities.Moment, Runs = [first, second],
        };
        db.Submissions.Add(submission);
        await db.SaveChangesAsync();
        return (first.Id, submission.Id);
    }

    private async Task<(Run Run, Submission Submission)> ReadAsync(long runId)
    {
        await using var db = fixture.CreateContext();
        var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId);
        var submission = await db.Submissions.AsNoTracking().SingleAsync(s => s.Id == run.SubmissionId);
        return (run, submission);
    }

    [Fact]
    public void A_new_run_is_queued_at_the_clock_s_time()
    {
        var run = Transitions.Queue(new Run { ConfigHash = "x", State = RunState.Failed });

        Assert.Equal(RunState.Queued, run.State);
        Assert.Equal(_clock.GetUtcNow(), run.CreatedAt);
    }

    [Theory]
    [InlineData(RunState.Queued, true)]
    [InlineData(RunState.Running, true)]
    [InlineData(RunState.Cancelled, false)]
    [InlineData(RunState.Succeeded, false)]
    public async Task Start_takes_a_live_run_onto_its_worker_and_clears_an_old_failure(RunState from, bool allowed)
    {
        var (runId, _) = await SeedAsync(from);
        await using (var db = fixture.CreateContext())
        {
            await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(set => set.SetProperty(r => r.StartedAt, (DateTimeOffset?)null)
                .SetProperty(r => r.FailureReason, "earlier attempt"));
            Assert.Equal(allowed, await Transitions.StartAsync(db, runId, "worker-9", CancellationToken.None));
        }
        var (run, submission) = await ReadAsync(runId);

        if (allowed)
        {
            Assert.Equal(RunState.Running, run.State);
            Assert.Equal("worker-9", run.WorkerName);
            Assert.Equal(_clock.GetUtcNow(), run.StartedAt);
            Assert.Equal(_clock.GetUtcNow(), run.HeartbeatAt);
            Assert.Null(run.FailureReason);
            Assert.Equal(SubmissionState.Running, submission.State);
        }
        else
        {
            Assert.Equal(from, run.State);
            Assert.Equal("worker-1", run.WorkerName);
            Assert.Equal("earlier attempt", run.FailureReason);
        }
    }

    [Fact]
    public async Task Report_touches_a_running_run_only_and_tells_its_state()
    {
        var (running, _) = await SeedAsync(RunState.Running);
        var (cancelled, _) = await SeedAsync(RunState.Cancelled);
        _clock.Advance(TimeSpan.FromSeconds(7));
        await using var db = fixture.CreateContext();

        Assert.Equal(RunState.Running, await Transitions.ReportAsync(db, running, "Downloading the model: 5%", CancellationToken.None));
        Assert.Equal(RunState.Cancelled, await Transitions.ReportAsync(db, cancelled, "Downloading the model: 5%", CancellationToken.None));
        Assert.Null(await Transitions.ReportAsync(db, 987_654_321, null, CancellationToken.None));

        var (live, _) = await ReadAsync(running);
        var (ended, _) = await ReadAsync(cancelled);
        Assert.Equal("Downloading the model: 5%", live.StatusDetail);
        Assert.Equal(_clock.GetUtcNow(), live.HeartbeatAt);
        Assert.Equal("Loading the model", ended.StatusDetail);
        Assert.NotEqual(_clock.GetUtcNow(), ended.HeartbeatAt);
    }

    [Fact]
    public async Task Beginning_items_stores_the_count_and_template_and_clears_the_preparation_detail()
    {
        var (runId, _) = await SeedAsync(RunState.Running);
        await using (var db = fixture.CreateContext())
            await Transitions.BeginItemsAsync(db, runId, 40, new string('f', 64), new DateOnly(2026, 12, 2), new string('9', 64), "native", "cpu test", CancellationToken.None);

        var (run, _) = await ReadAsync(runId);
        Assert.Equal(40, run.ItemsTotal);
        Assert.Null(run.StatusDetail);
        Assert.Equal(new string('f', 64), run.ChatTemplateSha256);
        Assert.Equal(new DateOnly(2026, 12, 2), run.PromptDate);
        Assert.Equal(new string('9', 64), run.ConfigHash);
    }

    [Theory]
    [InlineData(RunState.Succeeded, RunState.Succeeded, SubmissionState.Succeeded)]
    [InlineData(RunState.Failed, RunState.Succeeded, SubmissionState.Failed)]
    [InlineData(RunState.Succeeded, RunState.Running, SubmissionState.Running)]
    public async Task Finish_ends_a_running_run_clears_its_live_fields_and_settles_the_submission(RunState outcome, RunState other, SubmissionState expected)
    {
        var (runId, _) = await SeedAsync(RunState.Running, other);
        await using (var db = fixture.CreateContext())
            Assert.True(await Transitions.FinishAsync(db, runId, outcome, outcome == RunState.Failed ? "public" : null, outcome == RunState.Failed ? "private" : null, CancellationToken.None));

        var (run, submission) = await ReadAsync(runId);
        Assert.Equal(outcome, run.State);
        Assert.Equal(_clock.GetUtcNow(), run.FinishedAt);
        Assert.Null(run.StatusDetail);
        Assert.Null(run.EstimatedFinishAt);
        Assert.Equal(outcome == RunState.Failed ? "public" : null, run.FailureReason);
        Assert.Equal(outcome == RunState.Failed ? "private" : null, run.FailureDetail);
        Assert.Equal(expected, submission.State);
        Assert.Equal(expected == SubmissionState.Running ? null : _clock.GetUtcNow(), submission.FinishedAt);
    }

    [Fact]
    public async Task Finish_leaves_a_run_cancelled_meanwhile_cancelled_and_only_stamps_its_end()
    {
        var (runId, _) = await SeedAsync(RunState.Cancelled);
        await using (var db = fixture.CreateContext())
        {
            await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(set => set.SetProperty(r => r.FinishedAt, (DateTimeOffset?)null));
            Assert.False(await Transitions.FinishAsync(db, runId, RunState.Succeeded, null, null, CancellationToken.None));
        }

        var (run, _) = await ReadAsync(runId);
        Assert.Equal(RunState.Cancelled, run.State);
        Assert.Equal("it broke", run.FailureReason);
        Assert.Equal(_clock.GetUtcNow(), run.FinishedAt);
        Assert.Null(run.StatusDetail);
    }

    [Fact]
    public async Task Finish_refuses_to_cancel()
    {
        await using var db = fixture.CreateContext();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Transitions.FinishAsync(db, 1, RunState.Cancelled, null, null, CancellationToken.None));
    }

    [Theory]
    [InlineData(RunState.Queued, true)]
    [InlineData(RunState.Running, true)]
    [InlineData(RunState.Succeeded, false)]
    [InlineData(RunState.Failed, false)]
    public async Task Cancel_stops_a_live_run_records_when_and_settles_the_submission(RunState from, bool allowed)
    {
        var (runId, _) = await SeedAsync(from, RunState.Succeeded);
        await using (var db = fixture.CreateContext())
            Assert.Equal(allowed, await Transitions.CancelAsync(db, runId, RunTransitions.CancelledOnRequest, CancellationToken.None));

        var (run, submission) = await ReadAsync(runId);
        if (allowed)
        {
            Assert.Equal(RunState.Cancelled, run.State);
            Assert.Equal(RunTransitions.CancelledOnRequest, run.FailureReason);
            Assert.Null(run.FailureDetail);
            Assert.Equal(_clock.GetUtcNow(), run.CancelRequestedAt);
            Assert.Equal(_clock.GetUtcNow(), run.FinishedAt);
            Assert.Null(run.StatusDetail);
            Assert.Null(run.EstimatedFinishAt);
            Assert.Equal(SubmissionState.Cancelled, submission.State);
        }
        else
        {
            Assert.Equal(from, run.State);
            Assert.Null(run.CancelRequestedAt);
            Assert.Equal(SubmissionState.Running, submission.State);
        }
    }

    [Theory]
    [InlineData(RunState.Failed, true)]
    [InlineData(RunState.Cancelled, true)]
    [InlineData(RunState.Succeeded, true)]
    [InlineData(RunState.Running, false)]
    [InlineData(RunState.Queued, false)]
    public async Task Requeue_gives_an_ended_run_a_fresh_start_and_the_submission_runs_again(RunState from, bool allowed)
    {
        var (runId, _) = await SeedAsync(from, RunState.Succeeded);
        await using (var db = fixture.CreateContext())
            Assert.Equal(allowed, await Transitions.RequeueAsync(db, runId, CancellationToken.None));

        var (run, submission) = await ReadAsync(runId);
        if (allowed)
        {
            Assert.Equal(RunState.Queued, run.State);
            Assert.Null(run.FailureReason);
            Assert.Null(run.FailureDetail);
            Assert.Null(run.CancelRequestedAt);
            Assert.Null(run.FinishedAt);
            Assert.Null(run.StatusDetail);
            Assert.Null(run.EstimatedFinishAt);
            Assert.Equal(SubmissionState.Running, submission.State);
            Assert.Null(submission.FinishedAt);
        }
        else
        {
            Assert.Equal(from, run.State);
        }
    }

    [Fact]
    public async Task Two_racing_cancels_change_the_run_once()
    {
        var (runId, _) = await SeedAsync(RunState.Running);
        await using var first = fixture.CreateContext();
        await using var second = fixture.CreateContext();

        var outcomes = await Task.WhenAll(
            Transitions.CancelAsync(first, runId, "a", CancellationToken.None),
            Transitions.CancelAsync(second, runId, "b", CancellationToken.None));

        Assert.Single(outcomes, changed => changed);
        var (run, _) = await ReadAsync(runId);
        Assert.Contains(run.FailureReason, new[] { "a", "b" });
    }

    /// <summary>The source tree itself: no file outside the lifecycle (<c>Platform.Data/Runs</c>, where the submission's state follows) writes a run's state.</summary>
    [Fact]
    public void Nothing_but_the_lifecycle_class_writes_a_run_s_state()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Platform.sln")))
            root = root.Parent;
        Assert.NotNull(root);
        var writes = new Regex(@"SetProperty\(\s*\w+\s*=>\s*\w+\.State\s*,|\bState\s*=\s*RunState\.|""State""\s*=|\.State\s*=\s*RunState\.");
        var offenders = Directory.EnumerateFiles(Path.Combine(root.FullName, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetDirectoryName(f) != Path.Combine(root.FullName, "src", "Platform.Data", "Runs"))
            .Where(f => writes.IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root.FullName, f))
            .ToList();

        Assert.Empty(offenders);
    }
}
