using Platform.Data.Entities;
using Platform.Jobs;

namespace Platform.Worker;

/// <summary>The <c>Worker</c> configuration section (environment variables <c>Worker__Name</c>, <c>Worker__Queues__0</c>...).</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Unique among the workers sharing a database; defaults to machine name and process id.</summary>
    public string? Name { get; set; }

    /// <summary>Which llama.cpp build this worker serves runs with; it also picks the default queue.</summary>
    public WorkerBackend Backend { get; set; } = WorkerBackend.Cpu;

    /// <summary>
    /// The engine: <c>native</c>, <c>llamasharp</c> or <c>auto</c> (native on linux-x64, llamasharp elsewhere); null reads
    /// THOUGHTBOARD_ENGINE. One engine per process.
    /// </summary>
    public string? Engine { get; set; }

    /// <summary>Hangfire queues to take runs from; empty means the backend's own queue (cpu or gpu).</summary>
    public List<string> Queues { get; set; } = [];

    /// <summary>Runs executed at once. One is right for one engine: a second run would only share its decode steps.</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>
    /// Memory of the models kept loaded between runs: each counts its file size plus its KV cache
    /// (<see cref="Sequences"/> x <see cref="SequenceLength"/> cells at 2 bytes per element); least recently used
    /// models are unloaded beyond it.
    /// </summary>
    public long ModelMemoryBudgetMegabytes { get; set; } = 8192;

    /// <summary>Where models registered by URL are downloaded to (as <c>&lt;sha256&gt;.gguf</c>); null means the user's data folder.</summary>
    public string? ModelCacheFolder { get; set; }

    /// <summary>Fraction of a run's items that may fail with an error before the whole run is failed.</summary>
    public double ItemErrorThreshold { get; set; } = 0.2;

    /// <summary>Results written to PostgreSQL in one round trip; also written when <see cref="ResultFlushInterval"/> passes.</summary>
    public int ResultBatchSize { get; set; } = 32;

    public TimeSpan ResultFlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a running job touches its run's heartbeat and looks for a cancel request.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a write to PostgreSQL is retried (for instance while the server restarts) before the run gives up.</summary>
    public TimeSpan DatabaseOutageTolerance { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Sequences decoded together by the engine (continuous batching slots).</summary>
    public int Sequences { get; set; } = 16;

    /// <summary>
    /// The least tokens per sequence of a loaded model's context. Each run sizes the context from its own prompts and
    /// output limit (StyleBench's 2048 output tokens need more than 2048); runs that fit share it.
    /// </summary>
    public int SequenceLength { get; set; } = 2048;

    /// <summary>
    /// The most tokens per sequence a run may size the context to, so one imported item of a hundred thousand tokens
    /// cannot claim the machine's memory for its KV cache; an item whose prompt does not fit fails with an error.
    /// </summary>
    public int MaxSequenceLength { get; set; } = 32768;

    public int BatchSize { get; set; } = 512;

    /// <summary>CPU threads for decoding; null lets the engine use every core.</summary>
    public int? Threads { get; set; }

    /// <summary>Layers offloaded to the GPU on a CUDA worker; null offloads all of them.</summary>
    public int? GpuLayers { get; set; }

    /// <summary>Items solved concurrently in one run; above <see cref="Sequences"/> so the engine never waits for work.</summary>
    public int MaxConcurrentItems { get; set; } = 64;

    public IReadOnlyList<string> EffectiveQueues =>
        Queues.Count > 0 ? Queues : [Backend == WorkerBackend.Cuda ? Data.Jobs.RunQueues.Gpu : Data.Jobs.RunQueues.Cpu];

    public string EffectiveModelCacheFolder => string.IsNullOrWhiteSpace(ModelCacheFolder)
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "thoughtboard", "models")
        : ModelCacheFolder;

    public string EffectiveName => string.IsNullOrWhiteSpace(Name) ? $"{Environment.MachineName}-{Environment.ProcessId}" : Name;

    /// <summary>Every setting out of its range, each as "Worker:Key must ... (it is ...)"; empty when all are usable.</summary>
    public IReadOnlyList<string> Problems() => new SettingsProblems(Section)
        .Check(Concurrency >= 1, nameof(Concurrency), "at least 1", Concurrency)
        .Check(ModelMemoryBudgetMegabytes >= 1, nameof(ModelMemoryBudgetMegabytes), "at least 1", ModelMemoryBudgetMegabytes)
        .Check(ItemErrorThreshold is >= 0 and <= 1, nameof(ItemErrorThreshold), "a fraction from 0 to 1", ItemErrorThreshold)
        .Check(ResultBatchSize >= 1, nameof(ResultBatchSize), "at least 1", ResultBatchSize)
        .Check(ResultFlushInterval > TimeSpan.Zero, nameof(ResultFlushInterval), "a positive time span such as 00:00:02", ResultFlushInterval)
        .Check(HeartbeatInterval > TimeSpan.Zero, nameof(HeartbeatInterval), "a positive time span such as 00:00:02", HeartbeatInterval)
        .Check(DatabaseOutageTolerance >= TimeSpan.Zero, nameof(DatabaseOutageTolerance), "zero or a positive time span", DatabaseOutageTolerance)
        .Check(Sequences is >= 1 and <= 256, nameof(Sequences), "from 1 to 256 (llama.cpp's limit)", Sequences)
        .Check(SequenceLength >= 1, nameof(SequenceLength), "at least 1", SequenceLength)
        .Check(MaxSequenceLength >= SequenceLength, nameof(MaxSequenceLength), $"at least Worker:SequenceLength ({SequenceLength})", MaxSequenceLength)
        .Check(BatchSize >= Sequences, nameof(BatchSize), $"at least Worker:Sequences ({Sequences}) so every sequence advances each step", BatchSize)
        .Check(Threads is null or >= 1, nameof(Threads), "at least 1, or unset for one per core", Threads)
        .Check(GpuLayers is null or >= 0, nameof(GpuLayers), "0 or more, or unset for all layers", GpuLayers)
        .Check(MaxConcurrentItems >= 1, nameof(MaxConcurrentItems), "at least 1", MaxConcurrentItems)
        .Found;
}
