using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Data.Entities;
using Platform.Worker.Models;

namespace Platform.Worker.Tests.Jobs;

public sealed class ModelCacheTests : IDisposable
{
    private readonly string _copy = Path.Combine(Path.GetTempPath(), $"tiny-copy-{Guid.NewGuid():N}.gguf");

    public ModelCacheTests() => File.Copy(JobTestData.TinyModelPath, _copy);

    private static readonly HttpClient Http = new();

    private static ModelCache Cache(long budgetMegabytes) => new(
        Options.Create(new WorkerOptions { ModelMemoryBudgetMegabytes = budgetMegabytes, Sequences = 2, SequenceLength = 256, Threads = 1 }),
        new ModelDownloader(Http, new Platform.Data.Security.ModelUrlPolicy(new Platform.Data.Security.ModelDownloadOptions())),
        NullLogger<ModelCache>.Instance);

    private static LanguageModel Row(string name, string path, string? sha256 = null) =>
        new() { Name = name, Location = path, Sha256 = sha256, CreatedAt = DateTimeOffset.UtcNow };

    [Fact]
    public async Task Consecutive_runs_of_one_model_share_one_loaded_instance()
    {
        using var cache = Cache(1024);
        var row = Row("tiny", JobTestData.TinyModelPath);
        using var first = await cache.AcquireAsync(row, CancellationToken.None);
        var loaded = first.Model;
        first.Dispose();
        using var second = await cache.AcquireAsync(row, CancellationToken.None);
        Assert.Same(loaded, second.Model);
        Assert.Equal(["tiny"], cache.LoadedModelNames);
    }

    [Fact]
    public async Task Beyond_the_budget_the_least_recently_used_idle_model_is_unloaded()
    {
        // Each tiny model is a few MB, so a budget of 1 MB holds one at most: every new model evicts the idle ones.
        using var cache = Cache(1);
        using (await cache.AcquireAsync(Row("a", JobTestData.TinyModelPath), CancellationToken.None)) { }
        using (var held = await cache.AcquireAsync(Row("b", _copy), CancellationToken.None))
        {
            Assert.Equal(["b"], cache.LoadedModelNames);
            // A model in use is never unloaded, even over budget.
            using var again = await cache.AcquireAsync(Row("a", JobTestData.TinyModelPath), CancellationToken.None);
            Assert.Equal(["a", "b"], cache.LoadedModelNames);
        }
    }

    [Fact]
    public async Task A_models_KV_cache_counts_against_the_budget_as_well_as_its_file()
    {
        // Two files fit in the budget; with their KV caches (8 x 2048 cells, 256 bytes or more each: 4 MiB or more
        // per model) they do not, so loading the second unloads the first.
        long fileMegabytes = new FileInfo(JobTestData.TinyModelPath).Length / (1024 * 1024) + 1;
        using var cache = new ModelCache(
            Options.Create(new WorkerOptions { ModelMemoryBudgetMegabytes = 2 * fileMegabytes + 2, Sequences = 8, SequenceLength = 2048, Threads = 1 }),
            new ModelDownloader(Http, new Platform.Data.Security.ModelUrlPolicy(new Platform.Data.Security.ModelDownloadOptions())),
            NullLogger<ModelCache>.Instance);
        using (await cache.AcquireAsync(Row("a", JobTestData.TinyModelPath), CancellationToken.None)) { }
        using (await cache.AcquireAsync(Row("b", _copy), CancellationToken.None)) { }
        Assert.Equal(["b"], cache.LoadedModelNames);
    }

    [Fact]
    public async Task A_model_whose_file_does_not_match_its_pinned_hash_is_refused()
    {
        using var cache = Cache(1024);
        var error = await Assert.ThrowsAsync<ModelLoadException>(() =>
            cache.AcquireAsync(Row("pinned", _copy, new string('0', 64)), CancellationToken.None));
        Assert.Contains("SHA-256", error.Message);
        Assert.Empty(cache.LoadedModelNames);
    }

    [Fact]
    public async Task A_model_registered_by_URL_without_a_hash_or_a_missing_file_is_refused_with_what_to_do()
    {
        using var cache = Cache(1024);
        var url = await Assert.ThrowsAsync<ModelLoadException>(() => cache.AcquireAsync(Row("remote", "https://example.org/m.gguf"), CancellationToken.None));
        Assert.Contains("without a SHA-256", url.Message);
        var missing = await Assert.ThrowsAsync<ModelLoadException>(() => cache.AcquireAsync(Row("gone", "/nonexistent/m.gguf"), CancellationToken.None));
        Assert.Contains("does not exist", missing.Message);
    }

    public void Dispose() => File.Delete(_copy);
}
