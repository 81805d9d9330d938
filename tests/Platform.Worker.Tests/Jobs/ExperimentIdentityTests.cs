using Platform.Gguf;
using System.Text.Json;
using Platform.Data.Entities;
using Platform.Jobs.Catalog;
using Platform.Testing;
using Platform.Web.Jobs;
using Platform.Worker.Evaluation;

namespace Platform.Worker.Tests.Jobs;

/// <summary>One experiment has one identity: in the log header <c>eval</c> writes, in the submitted run's row, and after a worker ran it.</summary>
[Collection(JobServerCollection.Name)]
public sealed class ExperimentIdentityTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private const ulong Seed = 11;

    private static Dictionary<string, JsonElement> TemplateArgs() =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"enable_thinking": false}""")!;

    [Fact]
    public async Task The_same_experiment_through_eval_and_through_a_submission_has_one_identity()
    {
        var suite = SuiteCatalog.BuiltIn("arithmetic@1-2", Seed, itemsPerLevel: 2);

        // The command line: the header of the run log, as written and read back.
        var log = Path.Combine(Path.GetTempPath(), $"identity-{Guid.NewGuid():N}.jsonl");
        using (var session = await EvaluationSession.OpenAsync(new EvaluationRequest
        {
            ModelPath = JobTestData.TinyModelPath, Suite = suite, Style = "cot", Limit = 3, Seed = Seed, MaxTokens = 8, Parallel = 2,
            TemplateArgs = TemplateArgs(),
        }))
        {
            await using var writer = await RunLogWriter.CreateAsync(log, session.Header);
        }
        var header = (await RunLog.ReadAsync(log)).Header;
        File.Delete(log);

        // The same experiment submitted: the model registered with its file's hash, the suite stored as rows under its own name.
        using var host = JobHosts.Worker(database.ConnectionString, "worker-identity");
        long runId, otherSeedRunId;
        await using (var db = database.CreateContext())
        {
            var model = await JobTestData.AddModelAsync(db);
            model.Sha256 = (await ModelFileHash.IdentifyAsync(JobTestData.TinyModelPath)).Sha256;
            var row = SuiteCatalog.ToStored(suite, SuiteSource.Builtin, DateTimeOffset.UtcNow);
            db.Suites.Add(row);
            await db.SaveChangesAsync();
            var style = await JobTestData.AddStyleAsync(db, "cot");
            const string decoding = """{"temperature": 0, "maxTokens": 8, "templateArgs": {"enable_thinking": false}}""";
            runId = (await host.Queue().SubmitAsync(new SubmissionRequest(model.Id, [row.Id], [style.Id], decoding, ItemLimit: 3, Seed: (long)Seed)))
                .Runs.Single().Id;
            otherSeedRunId = (await host.Queue().SubmitAsync(new SubmissionRequest(model.Id, [row.Id], [style.Id], decoding, ItemLimit: 3, Seed: (long)Seed + 1)))
                .Runs.Single().Id;
        }
        string submitted, otherSeed;
        await using (var db = database.CreateContext())
        {
            submitted = db.Runs.Single(r => r.Id == runId).ConfigHash;
            otherSeed = db.Runs.Single(r => r.Id == otherSeedRunId).ConfigHash;
        }

        Assert.Matches("^[0-9a-f]{64}$", header.ConfigHash);
        Assert.Equal(header.ConfigHash, submitted);
        Assert.NotEqual(submitted, otherSeed);

        // A worker stores the identity its own header computes from the loaded file: still the same.
        await host.StartAsync();
        var run = await JobHosts.WaitForFinalAsync(database.CreateContext, runId, TimeSpan.FromSeconds(60));
        await host.StopAsync();
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal(header.ConfigHash, run.ConfigHash);
    }
}
