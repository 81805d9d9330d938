using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Data.Entities;
using Platform.Gguf;
using Platform.Llama;
using Platform.Worker.Engine;

namespace Platform.Worker.Models;

/// <summary>
/// Keeps models loaded across consecutive runs, so a queue of runs on one model pays for loading once.
/// A loaded model counts against the memory budget with its file size (the weights) plus the KV cache of its
/// engine context (<see cref="WorkerOptions.Sequences"/> x its sequence length cells, F16). The context is sized for
/// each run (<see cref="AcquireAsync(LanguageModel, ModelPreparation?, Func{LlamaModel, int}?, CancellationToken)"/>):
/// at least <see cref="WorkerOptions.SequenceLength"/>, longer when the run's prompts and outputs need it, and kept for the
/// runs after it that fit;
/// models beyond the budget are unloaded least recently used first, but never while a run holds them. A model
/// registered by URL is first downloaded into <see cref="WorkerOptions.EffectiveModelCacheFolder"/>; runs that need
/// the same file while it downloads wait for that one download instead of starting their own.
/// </summary>
/// <param name="downloader">Null where models are only read from local paths (the command line's evaluations).</param>
public sealed partial class ModelCache(IOptions<WorkerOptions> options, ModelDownloader? downloader, ILogger<ModelCache> logger) : IDisposable
{
    internal sealed class Entry(string key, string name, string path, long fileBytes, KvShape kv, LlamaModel weights, bool randomWeights) : IDisposable
    {
        public bool RandomWeights { get; } = randomWeights;
        public string Key { get; } = key;
        public string Name { get; } = name;
        public string Path { get; } = path;
        public LlamaModel Weights { get; } = weights;

        /// <summary>The shared engine context; replaced by a longer one when a run needs more and no run holds it.</summary>
        public LlamaEvaluationModel? Engine;
        public long LastUsed;
        public int Leases;

        public long Bytes => fileBytes + (Engine is { } engine ? kv.Bytes((long)engine.Generator.Sequences * engine.Generator.SequenceLength) : 0);

        public long BytesWith(int sequences, int sequenceLength) =>
            fileBytes + kv.Bytes((long)sequences * BatchedGenerator.RoundSequenceLength(sequenceLength));

        public void Dispose()
        {
            Engine?.Dispose();
            Weights.Dispose();
        }
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
        AcquireAsync(model, null, null, cancellationToken);

    /// <inheritdoc cref="AcquireAsync(LanguageModel, CancellationToken)"/>
    /// <param name="preparation">Told what is being waited for (a download's bytes, the load), for the run's status.</param>
    /// <param name="sequenceLength">The tokens one sequence of the run needs, measured on the loaded weights (the run's
    /// prompts through the model's chat template plus its outputs); null for <see cref="WorkerOptions.SequenceLength"/>.</param>
    public async Task<ModelLease> AcquireAsync(
        LanguageModel model, ModelPreparation? preparation, Func<LlamaModel, int>? sequenceLength, CancellationToken cancellationToken)
    {
        string path = RemoteUrl(model) is { } url
            ? await DownloadAsync(model, url, preparation, cancellationToken)
            : ResolveLocalPath(model);
        string key = $"{path}|{model.Sha256}";
        await _loading.WaitAsync(cancellationToken);
        try
        {
            Entry? entry;
            lock (_lock)
                _entries.TryGetValue(key, out entry);
            if (entry is null)
            {
                var (fileBytes, kv, randomWeights) = Inspect(model, path);
                MakeRoomFor(model.Name, fileBytes + kv.Bytes((long)options.Value.Sequences * BatchedGenerator.RoundSequenceLength(options.Value.SequenceLength)));
                preparation?.Loading(true);
                LlamaModel weights;
                try
                {
                    weights = await Task.Run(() => Load(model, path), cancellationToken);
                }
                finally
                {
                    preparation?.Loading(false);
                }
                entry = new Entry(key, model.Name, path, fileBytes, kv, weights, randomWeights);
                lock (_lock)
                    _entries[key] = entry;
            }
            return Lease(entry, Measure(model, entry, sequenceLength));
        }
        finally
        {
            _loading.Release();
        }
    }

    private int Measure(LanguageModel model, Entry entry, Func<LlamaModel, int>? sequenceLength)
    {
        try
        {
            var worker = options.Value;
            int needed = sequenceLength?.Invoke(entry.Weights) ?? 0;
            if (needed > worker.MaxSequenceLength)
                logger.LogWarning("Model {Model}: the run needs {Needed} tokens per sequence, more than Worker:MaxSequenceLength {Max}; items that do not fit fail",
                    model.Name, needed, worker.MaxSequenceLength);
            return Math.Clamp(needed, worker.SequenceLength, worker.MaxSequenceLength);
        }
        catch (Exception ex) when (ex is LlamaException or ArgumentException or InvalidOperationException)
        {
            throw new ModelLoadException($"Model '{model.Name}': the run's prompts could not be measured: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The shared context when it is long enough; else a longer one replaces it, or, while another run holds the shared
    /// one, the run gets a context of its own that goes away with its lease.
    /// </summary>
    private ModelLease Lease(Entry entry, int sequenceLength)
    {
        var worker = options.Value;
        bool fits = entry.Engine is { } shared && shared.Generator.SequenceLength >= sequenceLength;
        LlamaEvaluationModel? own = null;
        if (!fits)
        {
            if (entry.Engine is not null && Volatile.Read(ref entry.Leases) > 0)
            {
                logger.LogInformation("Model {Model}: a run needs {Length} tokens per sequence while another holds the shared context; it gets its own",
                    entry.Name, sequenceLength);
                own = NewEngine(entry, sequenceLength);
            }
            else
            {
                if (entry.Engine is not null)
                    logger.LogInformation("Model {Model}: the context grows to {Length} tokens per sequence for the next run", entry.Name, sequenceLength);
                entry.Engine?.Dispose();
                entry.Engine = null;
                MakeRoomFor(entry.Name, entry.BytesWith(worker.Sequences, sequenceLength), keep: entry);
                entry.Engine = NewEngine(entry, sequenceLength);
            }
        }
        lock (_lock)
        {
            entry.LastUsed = ++_clock;
            Interlocked.Increment(ref entry.Leases);
            return new ModelLease(entry, own ?? entry.Engine!, ownsEngine: own is not null);
        }
    }

    private LlamaEvaluationModel NewEngine(Entry entry, int sequenceLength)
    {
        var worker = options.Value;
        try
        {
            var generator = new BatchedGenerator(entry.Weights, new BatchedGeneratorOptions
            {
                Sequences = worker.Sequences,
                SequenceLength = sequenceLength,
                BatchSize = worker.BatchSize,
                Threads = worker.Threads ?? DefaultThreads(entry.Weights),
            });
            return new LlamaEvaluationModel(generator, entry.Name, ownsGenerator: true);
        }
        catch (Exception ex) when (ex is LlamaException or ArgumentException or InvalidOperationException)
        {
            throw new ModelLoadException($"Model '{entry.Name}': no engine context of {sequenceLength} tokens per sequence could be made: {ex.Message}", ex);
        }
    }

    /// <summary>Below this size a decode step is too small to split across threads.</summary>
    public const ulong SingleThreadParameterLimit = 50_000_000;

    /// <summary>
    /// One thread per core, except for tiny models: their matrices are so small that synchronising threads costs
    /// more than it saves, and on a busy machine spinning threads stall each other (measured 20x slower on 2 cores).
    /// </summary>
    public static int DefaultThreads(LlamaModel model) =>
        model.Info.ParameterCount < SingleThreadParameterLimit ? 1 : Environment.ProcessorCount;

    /// <summary>
    /// The model's file size, the shape of its KV cache, and whether the file declares random weights (a downloaded
    /// model is only read here, never at registration).
    /// </summary>
    private static (long FileBytes, KvShape Kv, bool RandomWeights) Inspect(LanguageModel model, string path)
    {
        try
        {
            var file = GgufFile.Read(path);
            return (new FileInfo(path).Length, KvShape.FromGguf(file), TestModelGenerator.DeclaresRandomWeights(file));
        }
        catch (Exception ex) when (ex is LlamaException or GgufFormatException)
        {
            throw new ModelLoadException($"Model '{model.Name}' could not be loaded from {path}: {ex.Message}", ex);
        }
    }

    private void MakeRoomFor(string name, long bytes, Entry? keep = null)
    {
        long budget = options.Value.ModelMemoryBudgetMegabytes * 1024 * 1024;
        if (bytes > budget)
            logger.LogWarning(
                "Model {Model} needs {Needed} MB (weights and KV cache), more than the whole {Budget} MB model budget; it is loaded alone",
                name, bytes / (1024 * 1024), options.Value.ModelMemoryBudgetMegabytes);
        lock (_lock)
        {
            long used = _entries.Values.Where(e => e != keep).Sum(e => e.Bytes);
            foreach (var victim in _entries.Values.Where(e => e != keep && Volatile.Read(ref e.Leases) == 0).OrderBy(e => e.LastUsed).ToList())
            {
                if (used + bytes <= budget)
                    break;
                _entries.Remove(victim.Key);
                used -= victim.Bytes;
                logger.LogInformation("Unloading model {Model} to stay within the {Budget} MB model budget", victim.Name, options.Value.ModelMemoryBudgetMegabytes);
                victim.Dispose();
            }
        }
    }

    private LlamaModel Load(LanguageModel model, string path)
    {
        var worker = options.Value;
        if (model.Sha256 is { Length: > 0 } expected)
        {
            string actual = ModelFileHash.HashAsync(path).GetAwaiter().GetResult();
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                throw new ModelLoadException(
                    $"Model '{model.Name}': {path} has SHA-256 {actual}, but the model is registered with {expected}. " +
                    "The file was replaced or damaged; restore the original file or register the new one as another model.");
        }
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var loaded = LlamaModel.Load(
                path, new LlamaModelOptions { GpuLayers = worker.Backend == WorkerBackend.Cuda ? worker.GpuLayers ?? 999 : 0 });
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
                entry.Dispose();
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
