using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Data.Entities;
using Platform.Gguf;
using Platform.Llama;
using Platform.Worker.Engine;

namespace Platform.Worker.Models;

/// <summary>A loaded model handed to one run; disposing it gives it back to the cache (it stays loaded).</summary>
public sealed class ModelLease : IDisposable
{
    private readonly ModelCache.Entry _entry;
    private int _released;

    internal ModelLease(ModelCache.Entry entry) => _entry = entry;

    public LlamaEvaluationModel Model => _entry.Model;

    /// <summary>The verified file's GGUF says its weights are random (<see cref="TestModelGenerator.RandomWeightsKey"/>).</summary>
    public bool DeclaresRandomWeights => _entry.RandomWeights;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            Interlocked.Decrement(ref _entry.Leases);
    }
}

/// <summary>
/// Keeps models loaded across consecutive runs, so a queue of runs on one model pays for loading once.
/// A loaded model counts against the memory budget with its file size (the weights) plus the KV cache of its
/// engine context (<see cref="WorkerOptions.Sequences"/> x <see cref="WorkerOptions.SequenceLength"/> cells, F16);
/// models beyond the budget are unloaded least recently used first, but never while a run holds them. A model
/// registered by URL is first downloaded into <see cref="WorkerOptions.EffectiveModelCacheFolder"/>; runs that need
/// the same file while it downloads wait for that one download instead of starting their own.
/// </summary>
public sealed class ModelCache(IOptions<WorkerOptions> options, ModelDownloader downloader, ILogger<ModelCache> logger) : IDisposable
{
    internal sealed class Entry(string key, string name, long bytes, LlamaEvaluationModel model, bool randomWeights)
    {
        public bool RandomWeights { get; } = randomWeights;
        public string Key { get; } = key;
        public string Name { get; } = name;
        public long Bytes { get; } = bytes;
        public LlamaEvaluationModel Model { get; } = model;
        public long LastUsed;
        public int Leases;
    }

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Task<string> Task, DownloadMeter Meter)> _downloads = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Lock _lock = new();
    private long _clock;

    /// <summary>Names of the models currently loaded, most recently used first.</summary>
    public IReadOnlyList<string> LoadedModelNames
    {
        get
        {
            lock (_lock)
                return _entries.Values.OrderByDescending(e => e.LastUsed).Select(e => e.Name).ToList();
        }
    }

    /// <summary>Returns the model, downloading and loading it first when it is not loaded.</summary>
    /// <exception cref="ModelLoadException">
    /// The file is missing, unreadable, not the pinned file, its download failed, or llama.cpp rejects it.
    /// </exception>
    public Task<ModelLease> AcquireAsync(LanguageModel model, CancellationToken cancellationToken) =>
        AcquireAsync(model, null, cancellationToken);

    /// <inheritdoc cref="AcquireAsync(LanguageModel, CancellationToken)"/>
    /// <param name="preparation">Told what is being waited for (a download's bytes, the load), for the run's status.</param>
    public async Task<ModelLease> AcquireAsync(LanguageModel model, ModelPreparation? preparation, CancellationToken cancellationToken)
    {
        string path = RemoteUrl(model) is { } url
            ? await DownloadAsync(model, url, preparation, cancellationToken)
            : ResolveLocalPath(model);
        string key = $"{path}|{model.Sha256}";
        await _loading.WaitAsync(cancellationToken);
        try
        {
            lock (_lock)
            {
                if (_entries.TryGetValue(key, out var cached))
                    return Lease(cached);
            }
            var (bytes, randomWeights) = Inspect(model, path);
            MakeRoomFor(model.Name, bytes);
            preparation?.Loading(true);
            LlamaEvaluationModel loaded;
            try
            {
                loaded = await Task.Run(() => Load(model, path), cancellationToken);
            }
            finally
            {
                preparation?.Loading(false);
            }
            var entry = new Entry(key, model.Name, bytes, loaded, randomWeights);
            lock (_lock)
            {
                _entries[key] = entry;
                return Lease(entry);
            }
        }
        finally
        {
            _loading.Release();
        }
    }

    private ModelLease Lease(Entry entry)
    {
        entry.LastUsed = ++_clock;
        Interlocked.Increment(ref entry.Leases);
        return new ModelLease(entry);
    }

    /// <summary>
    /// The model's weights plus the KV cache its engine context allocates up front, and whether the file declares random
    /// weights (a downloaded model is only read here, never at registration).
    /// </summary>
    private (long Bytes, bool RandomWeights) Inspect(LanguageModel model, string path)
    {
        var worker = options.Value;
        try
        {
            var file = GgufFile.Read(path);
            long cells = (long)worker.Sequences * BatchedGenerator.RoundSequenceLength(worker.SequenceLength);
            return (new FileInfo(path).Length + KvShape.FromGguf(file).Bytes(cells), TestModelGenerator.DeclaresRandomWeights(file));
        }
        catch (Exception ex) when (ex is LlamaException or GgufFormatException)
        {
            throw new ModelLoadException($"Model '{model.Name}' could not be loaded from {path}: {ex.Message}", ex);
        }
    }

    private void MakeRoomFor(string name, long bytes)
    {
        long budget = options.Value.ModelMemoryBudgetMegabytes * 1024 * 1024;
        if (bytes > budget)
            logger.LogWarning(
                "Model {Model} needs {Needed} MB (weights and KV cache), more than the whole {Budget} MB model budget; it is loaded alone",
                name, bytes / (1024 * 1024), options.Value.ModelMemoryBudgetMegabytes);
        lock (_lock)
        {
            long used = _entries.Values.Sum(e => e.Bytes);
            foreach (var victim in _entries.Values.Where(e => Volatile.Read(ref e.Leases) == 0).OrderBy(e => e.LastUsed).ToList())
            {
                if (used + bytes <= budget)
                    break;
                _entries.Remove(victim.Key);
                used -= victim.Bytes;
                logger.LogInformation("Unloading model {Model} to stay within the {Budget} MB model budget", victim.Name, options.Value.ModelMemoryBudgetMegabytes);
                victim.Model.Dispose();
            }
        }
    }

    private LlamaEvaluationModel Load(LanguageModel model, string path)
    {
        var worker = options.Value;
        if (model.Sha256 is { Length: > 0 } expected)
        {
            string actual;
            using (var stream = File.OpenRead(path))
                actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                throw new ModelLoadException(
                    $"Model '{model.Name}': {path} has SHA-256 {actual}, but the model is registered with {expected}. " +
                    "The file was replaced or damaged; restore the original file or register the new one as another model.");
        }
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var loaded = LlamaEvaluationModel.Load(
                path,
                new LlamaModelOptions { GpuLayers = worker.Backend == WorkerBackend.Cuda ? worker.GpuLayers ?? 999 : 0 },
                new BatchedGeneratorOptions
                {
                    Sequences = worker.Sequences,
                    SequenceLength = worker.SequenceLength,
                    BatchSize = worker.BatchSize,
                    Threads = worker.Threads,
                },
                model.Name);
            logger.LogInformation("Loaded model {Model} from {Path} in {Milliseconds} ms", model.Name, path, stopwatch.ElapsedMilliseconds);
            return loaded;
        }
        catch (Exception ex) when (ex is LlamaException or IOException or ArgumentException or InvalidOperationException)
        {
            throw new ModelLoadException($"Model '{model.Name}' could not be loaded from {path}: {ex.Message}", ex);
        }
    }

    private static Uri? RemoteUrl(LanguageModel model) =>
        Uri.TryCreate(model.Location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    /// <summary>The verified file in the model cache folder, joining the download already in flight for it if there is one.</summary>
    private async Task<string> DownloadAsync(LanguageModel model, Uri url, ModelPreparation? preparation, CancellationToken cancellationToken)
    {
        if (model.Sha256 is not { Length: > 0 } sha256)
            throw new ModelLoadException(
                $"Model '{model.Name}' is registered by URL ({Data.Security.ModelUrlPolicy.Display(url)}) without a SHA-256, so its download cannot be verified. " +
                "Register it again with the file's sha256.");
        string folder = options.Value.EffectiveModelCacheFolder;
        string target = Path.Combine(folder, sha256.ToLowerInvariant() + ".gguf");
        while (true)
        {
            (Task<string> Task, DownloadMeter Meter) download;
            lock (_lock)
            {
                if (!_downloads.TryGetValue(target, out download))
                {
                    var meter = NewMeter(model.Name);
                    // Started on the thread pool so its clean-up, which takes the same lock, runs after it is registered.
                    download = (Task.Run(() => DownloadOnceAsync(model, url, sha256, folder, target, meter, cancellationToken), CancellationToken.None), meter);
                    _downloads[target] = download;
                }
            }
            preparation?.Downloading(download.Meter);
            try
            {
                return await download.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The run that started the download was cancelled; this one takes over, resuming from the bytes kept.
            }
            catch (Exception ex) when (ex is ModelDownloadException or IOException or UnauthorizedAccessException)
            {
                throw new ModelLoadException($"Model '{model.Name}': download failed: {ex.Message}", ex, downloadFailed: true);
            }
            finally
            {
                preparation?.Downloading(null);
            }
        }
    }

    /// <summary>Counts a download's bytes for the runs waiting on it and logs every 64 MB, so a long download is visible without flooding the log.</summary>
    private DownloadMeter NewMeter(string modelName)
    {
        long lastLogged = 0;
        return new DownloadMeter(p =>
        {
            if (p.Received - Interlocked.Read(ref lastLogged) < 64L << 20)
                return;
            Interlocked.Exchange(ref lastLogged, p.Received);
            logger.LogInformation("Model {Model}: {Received} of {Total} bytes downloaded", modelName, p.Received, p.Total?.ToString() ?? "?");
        });
    }

    private async Task<string> DownloadOnceAsync(
        LanguageModel model, Uri url, string sha256, string folder, string target, DownloadMeter meter, CancellationToken cancellationToken)
    {
        try
        {
            if (File.Exists(target))
                return target;
            logger.LogInformation("Downloading model {Model} from {Url} to {Path}", model.Name, Data.Security.ModelUrlPolicy.Display(url), target);
            return await downloader.DownloadAsync(url, sha256, folder, meter, cancellationToken);
        }
        finally
        {
            lock (_lock)
                _downloads.Remove(target);
        }
    }

    private static string ResolveLocalPath(LanguageModel model)
    {
        if (!Path.IsPathFullyQualified(model.Location))
            throw new ModelLoadException($"Model '{model.Name}': location '{model.Location}' is not an absolute file path.");
        if (!File.Exists(model.Location))
            throw new ModelLoadException(
                $"Model '{model.Name}': file {model.Location} does not exist on worker machine {Environment.MachineName}. " +
                "Copy the model there (the same path on every worker) or run this model's queue on a machine that has it.");
        return model.Location;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var entry in _entries.Values)
                entry.Model.Dispose();
            _entries.Clear();
        }
        _loading.Dispose();
    }
}

/// <summary>A model cannot be used by this worker; the message says why and what to do. Retrying does not help.</summary>
/// <param name="downloadFailed">The model's file could not be downloaded: the message may describe the worker's network.</param>
public sealed class ModelLoadException(string message, Exception? inner = null, bool downloadFailed = false) : Exception(message, inner)
{
    public bool DownloadFailed { get; } = downloadFailed;
}
