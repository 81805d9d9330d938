using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets.Suites;
using Platform.Jobs.Catalog;
using Platform.Jobs.Runs;
using Platform.Testing;
using Platform.Web.Jobs;

namespace Platform.Web.Tests.Jobs;

/// <summary>The enqueue side alone, as the web app has it (job storage, no job server): what a submission stores and how it is refused.</summary>
public sealed class EvaluationQueueTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private const string Decoding = """{"temperature": 0, "maxTokens": 48}""";

    /// <summary>Storage and <see cref="EvaluationQueue"/> on the test database, the way the web app registers them.</summary>
    private sealed class Client : IDisposable
    {
        private readonly IHost _host;

        public Client(string connectionString)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Thoughtboard"] = connectionString });
            builder.AddThoughtboardData();
            builder.AddThoughtboardJobs();
            _host = builder.Build();
        }

        public EvaluationQueue Queue() => new(
            _host.Services.GetRequiredService<IDbContextFactory<ThoughtboardDbContext>>(), _host.Services.GetRequiredService<IBackgroundJobClient>());

        public void Dispose() => _host.Dispose();
    }

    private static Client NewClient(string connectionString) => new(connectionString);

    private static async Task<LanguageModel> AddModelAsync(ThoughtboardDbContext db)
    {
        var model = SampleEntities.Model();
        db.Models.Add(model);
        await db.SaveChangesAsync();
        return model;
    }

    /// <summary>The arithmetic suite at levels 1-2 with <paramref name="perLevel"/> items each, stored as rows.</summary>
    private static async Task<BenchmarkSuite> AddSuiteAsync(ThoughtboardDbContext db, int perLevel)
    {
        var suite = BuiltInSuites.Build("arithmetic@1-2", 7, perLevel);
        var row = SuiteCatalog.ToStored(suite, SuiteSource.Builtin, DateTimeOffset.UtcNow);
        row.Name = $"{suite.Name}-{Guid.NewGuid():N}"[..(suite.Name.Length + 9)];
        db.Suites.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    private static async Task<ThinkingStyle> AddStyleAsync(ThoughtboardDbContext db, string name)
    {
        var style = await db.Styles.FirstOrDefaultAsync(s => s.Name == name);
        if (style is not null)
            return style;
        style = new ThinkingStyle { Name = name, Version = "1", CreatedAt = DateTimeOffset.UtcNow };
        db.Styles.Add(style);
        await db.SaveChangesAsync();
        return style;
    }

    [Fact]
    public async Task A_submission_becomes_one_queued_run_per_suite_and_style_each_with_a_job_on_its_queue()
    {
        using var client = NewClient(database.ConnectionString);
        await using var db = database.CreateContext();
        var model = await AddModelAsync(db);
        var first = await AddSuiteAsync(db, perLevel: 3);
        var second = await AddSuiteAsync(db, perLevel: 2);
        var direct = await AddStyleAsync(db, "direct");
        var cot = await AddStyleAsync(db, "cot");

        var submission = await client.Queue().SubmitAsync(new SubmissionRequest(
            model.Id, [first.Id, second.Id], [direct.Id, cot.Id], Decoding, ItemLimit: 5, Queue: RunQueue.Gpu, IdempotencyKey: "once"));

        var runs = await db.Runs.Where(r => r.SubmissionId == submission.Id).ToListAsync();
        Assert.Equal(4, runs.Count);
        Assert.All(runs, r => Assert.Equal(RunState.Queued, r.State));
        Assert.All(runs, r => Assert.Equal(RunQueue.Gpu, r.Queue));
        Assert.Equal([4, 4, 5, 5], runs.Select(r => r.ItemsTotal).Order());
        Assert.Equal(4, runs.Select(r => r.ConfigHash).Distinct().Count());
        var monitoring = Hangfire.JobStorage.Current.GetMonitoringApi();
        Assert.Equal(4, monitoring.EnqueuedCount("gpu"));
        Assert.All(runs, r => Assert.Equal("Enqueued", monitoring.JobDetails(r.HangfireJobId).History[0].StateName));

        var again = await client.Queue().SubmitAsync(new SubmissionRequest(model.Id, [first.Id], [direct.Id], IdempotencyKey: "once"));
        Assert.Equal(submission.Id, again.Id);

        // A queued run that is cancelled never starts: its job is deleted.
        Assert.Equal(CancelOutcome.Cancelled, await client.Queue().CancelRunAsync(runs[0].Id));
        Assert.Equal(CancelOutcome.AlreadyFinished, await client.Queue().CancelRunAsync(runs[0].Id));
        Assert.Equal("Deleted", monitoring.JobDetails(runs[0].HangfireJobId).History[0].StateName);
        Assert.Equal(3, await client.Queue().CancelSubmissionAsync(submission.Id));
        Assert.Equal(SubmissionState.Cancelled, (await db.Submissions.AsNoTracking().SingleAsync(s => s.Id == submission.Id)).State);
        Assert.Equal(CancelOutcome.NotFound, await client.Queue().CancelRunAsync(-1));
    }

    [Fact]
    public async Task An_invalid_submission_is_refused_field_by_field_and_stores_nothing()
    {
        using var client = NewClient(database.ConnectionString);
        await using var db = database.CreateContext();
        var model = await AddModelAsync(db);
        int before = await db.Submissions.CountAsync();

        var refused = await Assert.ThrowsAsync<SubmissionValidationException>(() => client.Queue().SubmitAsync(
            new SubmissionRequest(model.Id, [], [987654], """{"temperature": "hot"}""", ItemLimit: 0)));

        Assert.Equal(["decodingSettings", "itemLimit", "styleIds", "suiteIds"], refused.Errors.Keys.Order());
        Assert.Contains("987654", refused.Errors["styleIds"][0]);
        Assert.Equal(before, await db.Submissions.CountAsync());
    }

    [Theory]
    [InlineData(new[] { RunState.Queued, RunState.Queued }, SubmissionState.Queued)]
    [InlineData(new[] { RunState.Succeeded, RunState.Queued }, SubmissionState.Running)]
    [InlineData(new[] { RunState.Succeeded, RunState.Running }, SubmissionState.Running)]
    [InlineData(new[] { RunState.Succeeded, RunState.Succeeded }, SubmissionState.Succeeded)]
    [InlineData(new[] { RunState.Cancelled, RunState.Failed }, SubmissionState.Failed)]
    [InlineData(new[] { RunState.Cancelled, RunState.Succeeded }, SubmissionState.Cancelled)]
    public void A_submission_state_follows_its_runs(RunState[] runs, SubmissionState expected) =>
        Assert.Equal(expected, SubmissionStates.Derive(runs));
}
