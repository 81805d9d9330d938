using Microsoft.EntityFrameworkCore;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Platform.Data.Entities;
using Platform.Data.Security;
using Platform.Worker.Jobs;
using Platform.Worker.Models;
using Platform.Testing;
using Platform.Web.Jobs;
using Platform.Worker.Tests.Models;

namespace Platform.Worker.Tests.Jobs;

/// <summary>Runs of a model registered by URL, served from a loopback HTTP server to a real worker and PostgreSQL.</summary>
[Collection(JobServerCollection.Name)]
public sealed class UrlModelRunTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _cacheFolder = Directory.CreateTempSubdirectory("tb-model-cache-").FullName;

    /// <param name="allowLoopback">Sets ModelDownloads:AllowPrivateAddresses, without which the worker refuses the loopback server.</param>
    private async Task<Run> RunUrlModelAsync(
        string workerName, LoopbackFileServer server, string sha256, Func<long, Task>? whileRunning = null, bool allowLoopback = true)
    {
        var url = server.Url;
        using var host = JobHosts.Worker(database.ConnectionString, workerName,
            new Dictionary<string, string?>
            {
                ["Worker:ModelCacheFolder"] = _cacheFolder,
                ["ModelDownloads:AllowPrivateAddresses"] = allowLoopback ? "true" : "false",
            },
            // The worker's own policy and handler, trusting only the test server's certificate.
            services => services.AddSingleton(provider =>
            {
                var policy = provider.GetRequiredService<ModelUrlPolicy>();
                return new ModelDownloader(server.TrustingClient(policy), policy, retryDelay: TimeSpan.Zero);
            }));
        await host.StartAsync();
        long runId;
        await using (var db = database.CreateContext())
        {
            var model = new LanguageModel
            {
                Name = $"remote-{Guid.NewGuid():N}"[..15],
                Location = url.ToString(),
                Sha256 = sha256,
                CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Models.Add(model);
            await db.SaveChangesAsync();
            var suite = await JobTestData.AddSuiteAsync(db, 2);
            var style = await JobTestData.AddStyleAsync(db);
            var submission = await host.Queue().SubmitAsync(new SubmissionRequest(model.Id, [suite.Id], [style.Id], JobTestData.Decoding));
            runId = submission.Runs.Single().Id;
        }
        if (whileRunning is not null)
            await whileRunning(runId);
        var run = await JobHosts.WaitForFinalAsync(database.CreateContext, runId, Patience);
        await host.StopAsync();
        return run;
    }

    [Fact]
    public async Task A_run_of_a_URL_model_downloads_it_into_the_cache_folder_and_succeeds()
    {
        var bytes = await File.ReadAllBytesAsync(JobTestData.TinyModelPath);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        using var server = new LoopbackFileServer(bytes);

        var run = await RunUrlModelAsync("worker-url", server, sha256);

        Assert.True(run.State == RunState.Succeeded, $"run is {run.State}: {run.FailureReason}");
        Assert.Equal(4, run.ItemsDone);
        var cached = Path.Combine(_cacheFolder, sha256 + ".gguf");
        Assert.Equal([cached], Directory.GetFiles(_cacheFolder));
        await using var stream = File.OpenRead(cached);
        Assert.Equal(sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        Assert.Equal(1, server.Requests);
        // The generated model declares random weights; registered by URL, only the worker's read of it can say so.
        await using var db = database.CreateContext();
        Assert.True((await db.Runs.Include(r => r.Model).SingleAsync(r => r.Id == run.Id)).Model.RandomWeights);
    }

    [Fact]
    public async Task While_the_model_downloads_the_run_says_so_and_keeps_its_heartbeat()
    {
        var bytes = await File.ReadAllBytesAsync(JobTestData.TinyModelPath);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        // The server waits before sending the file: several heartbeats (every 0.5 s here) fall into the download.
        using var server = new LoopbackFileServer(bytes) { ResponseDelay = TimeSpan.FromSeconds(3) };
        Run? downloading = null;

        var run = await RunUrlModelAsync("worker-url-status", server, sha256, async runId =>
        {
            downloading = await JobHosts.WaitForRunAsync(database.CreateContext, runId,
                r => r.StatusDetail?.StartsWith("Downloading the model", StringComparison.Ordinal) == true || r.State is not (RunState.Queued or RunState.Running),
                Patience);
        });

        Assert.Equal(RunState.Running, downloading!.State);
        Assert.StartsWith("Downloading the model", downloading.StatusDetail);
        Assert.Equal(0, downloading.ItemsDone);
        Assert.NotNull(downloading.HeartbeatAt);
        // Marking the run running sets both to the same instant; a later heartbeat is one taken during the download.
        Assert.True(downloading.HeartbeatAt > downloading.StartedAt, $"heartbeat {downloading.HeartbeatAt:O}, started {downloading.StartedAt:O}");
        Assert.True(run.State == RunState.Succeeded, $"run is {run.State}: {run.FailureReason}");
        Assert.Null(run.StatusDetail);
    }

    [Fact]
    public async Task A_URL_model_whose_download_does_not_match_its_hash_fails_the_run_and_leaves_no_file()
    {
        var bytes = await File.ReadAllBytesAsync(JobTestData.TinyModelPath);
        var registered = new string('a', 64);
        using var server = new LoopbackFileServer(bytes);

        var run = await RunUrlModelAsync("worker-url-hash", server, registered);

        Assert.Equal(RunState.Failed, run.State);
        Assert.Equal(RunJob.ModelNotDownloaded, run.FailureReason);
        Assert.Contains("download failed", run.FailureDetail);
        Assert.Contains(registered, run.FailureDetail);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(bytes)), run.FailureDetail);
        Assert.Equal(0, run.ItemsDone);
        Assert.Empty(Directory.GetFiles(_cacheFolder));
    }

    [Fact]
    public async Task A_server_error_fails_the_run_with_the_status()
    {
        var bytes = await File.ReadAllBytesAsync(JobTestData.TinyModelPath);
        using var server = new LoopbackFileServer(bytes) { FailWithStatus = 503 };

        var run = await RunUrlModelAsync("worker-url-503", server, Convert.ToHexStringLower(SHA256.HashData(bytes)));

        Assert.True(run.State == RunState.Failed, $"run is {run.State} on {run.WorkerName}, {server.Requests} requests, {string.Join(",", Directory.GetFiles(_cacheFolder))}");
        Assert.Equal(RunJob.ModelNotDownloaded, run.FailureReason);
        Assert.Contains("download failed", run.FailureDetail);
        Assert.Contains("503", run.FailureDetail);
        Assert.Empty(Directory.GetFiles(_cacheFolder));
    }

    [Fact]
    public async Task By_default_a_worker_refuses_a_loopback_url_and_the_public_reason_hides_the_network_error()
    {
        var bytes = await File.ReadAllBytesAsync(JobTestData.TinyModelPath);
        using var server = new LoopbackFileServer(bytes);

        var run = await RunUrlModelAsync("worker-url-loopback", server, Convert.ToHexStringLower(SHA256.HashData(bytes)), allowLoopback: false);

        Assert.Equal(RunState.Failed, run.State);
        Assert.Equal(RunJob.ModelNotDownloaded, run.FailureReason);
        Assert.Contains("127.0.0.1, a loopback address", run.FailureDetail);
        Assert.DoesNotContain(server.Port.ToString(), run.FailureReason);
        Assert.Equal(0, server.Requests);
        Assert.Empty(Directory.GetFiles(_cacheFolder));
    }

    public void Dispose() => Directory.Delete(_cacheFolder, recursive: true);
}
