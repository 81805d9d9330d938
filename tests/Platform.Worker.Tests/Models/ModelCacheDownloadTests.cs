using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Data.Entities;
using Platform.Worker.Models;
using Platform.Worker.Tests.Jobs;

namespace Platform.Worker.Tests.Models;

public sealed class ModelCacheDownloadTests : IDisposable
{
    private readonly string _cacheFolder = Directory.CreateTempSubdirectory("tb-model-cache-").FullName;
    private readonly byte[] _bytes = File.ReadAllBytes(JobTestData.TinyModelPath);

    private string Sha256 => Convert.ToHexStringLower(SHA256.HashData(_bytes));

    private ModelCache Cache(LoopbackFileServer server)
    {
        var policy = ModelDownloaderTests.LoopbackAllowed();
        return new(
            Options.Create(new WorkerOptions { ModelCacheFolder = _cacheFolder, Sequences = 2, SequenceLength = 256, Threads = 1 }),
            new ModelDownloader(server.TrustingClient(policy), policy, retryDelay: TimeSpan.Zero),
            NullLogger<ModelCache>.Instance);
    }

    private static LanguageModel Row(string name, Uri url, string sha256) =>
        new() { Name = name, Location = url.ToString(), Sha256 = sha256, CreatedAt = DateTimeOffset.UtcNow };

    [Fact]
    public async Task Runs_that_need_the_same_URL_at_once_share_one_download()
    {
        // The delay keeps the first download in flight while the second run asks for the same file.
        using var server = new LoopbackFileServer(_bytes) { ResponseDelay = TimeSpan.FromSeconds(1) };
        using var cache = Cache(server);

        var first = cache.AcquireAsync(Row("first", server.Url, Sha256), CancellationToken.None);
        var second = cache.AcquireAsync(Row("second", server.Url, Sha256.ToUpperInvariant()), CancellationToken.None);
        using var a = await first;
        using var b = await second;

        Assert.Equal(1, server.Requests);
        Assert.Equal([Path.Combine(_cacheFolder, Sha256 + ".gguf")], Directory.GetFiles(_cacheFolder));
    }

    [Fact]
    public async Task A_file_already_in_the_cache_is_loaded_without_asking_the_server()
    {
        using var server = new LoopbackFileServer(_bytes);
        await File.WriteAllBytesAsync(Path.Combine(_cacheFolder, Sha256 + ".gguf"), _bytes);
        using var cache = Cache(server);

        using var lease = await cache.AcquireAsync(Row("cached", server.Url, Sha256), CancellationToken.None);

        Assert.Equal(0, server.Requests);
        Assert.Equal(["cached"], cache.LoadedModelNames);
    }

    [Fact]
    public async Task A_hash_mismatch_is_a_load_failure_that_names_the_download_and_loads_nothing()
    {
        using var server = new LoopbackFileServer(_bytes);
        using var cache = Cache(server);

        var error = await Assert.ThrowsAsync<ModelLoadException>(() =>
            cache.AcquireAsync(Row("wrong", server.Url, new string('b', 64)), CancellationToken.None));

        Assert.StartsWith("Model 'wrong': download failed:", error.Message);
        Assert.Empty(cache.LoadedModelNames);
        Assert.Empty(Directory.GetFiles(_cacheFolder));
    }

    public void Dispose() => Directory.Delete(_cacheFolder, recursive: true);
}
