using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Models;
using Platform.Evaluation.Running;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;
using Platform.Jobs.Catalog;
using Platform.Jobs.Runs;
using Platform.Llama;
using Platform.Llama.Engine;
using Platform.Worker.Engine;
using Platform.Worker.Jobs;
using Platform.Worker.Models;
using EvaluationStyle = Platform.Evaluation.Styles.ThinkingStyle;

namespace Platform.Worker.Evaluation;

/// <summary>
/// The command line's evaluation: a model file, a suite, a style, decoding settings, a limit and a seed, and how the
/// engine is set up on this machine. It becomes a <see cref="Jobs.RunDefinition"/>, as a submitted run's rows do.
/// </summary>
public sealed record EvaluationRequest
{
    public required string ModelPath { get; init; }

    /// <summary>The whole suite (<see cref="SuiteCatalog.BuiltIn"/> or <see cref="SuiteCatalog.FromStored"/>); <see cref="Limit"/> picks its first items.</summary>
    public required Suite Suite { get; init; }

    /// <summary>How the suite was asked for (e.g. <c>game24@2-4</c>), recorded in the header; the suite's name when null.</summary>
    public string? SuiteSpec { get; init; }

    /// <summary>A style name of the style table (<c>cot</c>) or a voted label (<c>cot+sc5</c>).</summary>
    public required string Style { get; init; }

    /// <summary>Above 1, the style is wrapped in self-consistency with this many samples.</summary>
    public int Samples { get; init; } = 1;

    /// <summary>Evaluate only the suite's first N items; null for all.</summary>
    public int? Limit { get; init; }

    public ulong Seed { get; init; } = SuiteCatalog.BuiltInSeed;

    /// <summary>Output token limit per model call; null takes the style's own default (StyleBench's), else 512.</summary>
    public int? MaxTokens { get; init; }

    public const int DefaultMaxTokens = 512;

    /// <summary>0 is greedy decoding. With <see cref="Samples"/> above 1 it is the voters' temperature (default 0.7).</summary>
    public float Temperature { get; init; }

    /// <summary>With <see cref="Samples"/> above 1: whether a tied vote goes to the answer given first, or is no majority.</summary>
    public VoteTieRule TieRule { get; init; }

    /// <summary>Which wording of the style's instructions (0: the style's own); recorded in the header, so part of the config hash.</summary>
    public int Paraphrase { get; init; }

    /// <summary>Sequence slots of the engine: how many generations decode together.</summary>
    public int Parallel { get; init; } = DefaultParallel;

    /// <summary>Enough sequences to keep a CPU busy between decode steps without a large KV cache for 7B-class models.</summary>
    public const int DefaultParallel = 16;

    /// <summary>Decoding threads; null is one per core (one for tiny models, see <see cref="Models.ModelCache.DefaultThreads"/>).</summary>
    public int? Threads { get; init; }

    /// <summary>Keyword arguments of the chat template (checked by <see cref="TemplateArguments.Validate"/>); part of the config hash.</summary>
    public IReadOnlyDictionary<string, JsonElement>? TemplateArgs { get; init; }

    /// <summary>Items finished by an earlier, interrupted run of the same configuration; they are skipped.</summary>
    public IReadOnlySet<string>? DoneItemIds { get; init; }

    /// <summary>The command line's arguments, checked before any model is loaded.</summary>
    /// <exception cref="ArgumentException">Invalid style, samples, limit, token limit or template arguments, or an empty suite.</exception>
    public RunDefinition ToDefinition()
    {
        var request = this;
        var style = RunStyles.Resolve(request.Style, request.Samples, request.Temperature, request.TieRule, request.Paraphrase);
        if (request.Limit is < 1)
            throw new ArgumentException($"The limit must be at least 1 item, not {request.Limit}.", nameof(Suite));
        var maxTokens = request.MaxTokens ?? style.DefaultMaxTokens(request.Suite.TaskType) ?? EvaluationRequest.DefaultMaxTokens;
        if (maxTokens < 1)
            throw new ArgumentException($"The token limit must be at least 1, not {maxTokens}.", nameof(Suite));
        if (request.Suite.Items.Count == 0)
            throw new ArgumentException($"Suite '{request.Suite.Name}' has no items.", nameof(Suite));
        var (templateArgs, templateError) = TemplateArguments.Validate(request.TemplateArgs);
        if (templateError is not null)
            throw new ArgumentException(templateError, nameof(Suite));
        var sampling = new SamplingSettings { Temperature = request.Temperature, MaxTokens = maxTokens, Seed = request.Seed };
        return new RunDefinition(request.Suite, request.Limit, style, sampling, templateArgs!);
    }
}

/// <summary>
/// One run hosted on a loaded model (<see cref="RunHost.OpenAsync"/>): its header, and a stream of one
/// <see cref="ItemRecord"/> per item through the evaluation core's runner. Disposing it gives the model back.
/// <code>
/// using var session = await EvaluationSession.OpenAsync(request, cancellationToken); // the command line
/// store(session.Header);
/// await foreach (var record in session.RunAsync(progress, cancellationToken)) store(record);
/// </code>
/// </summary>
public sealed class EvaluationSession : IDisposable
{
    private readonly ModelLease _lease;
    private readonly RunChatModel _chat;
    private readonly RunDefinition _definition;
    private readonly RunHostOptions _options;
    private IDisposable? _owned;
    private int _started;

    internal EvaluationSession(ModelLease lease, RunDefinition definition, EvaluationHeader header, RunHostOptions options)
    {
        _lease = lease;
        _definition = definition;
        _options = options;
        _chat = new RunChatModel(lease.Model, definition.TemplateArgs);
        Header = header;
    }

    /// <summary>The items this run evaluates: the suite's first <see cref="RunDefinition.Limit"/> items.</summary>
    public Suite Suite => _definition.Selected;

    public EvaluationHeader Header { get; }

    public EvaluationStyle Style => _definition.Style;

    /// <summary>The engine sized for this run.</summary>
    public LlamaEvaluationModel Engine => _lease.Model;

    /// <summary>The model file's GGUF says its weights are random.</summary>
    public bool DeclaresRandomWeights => _lease.DeclaresRandomWeights;

    /// <summary>The engine's counters: decode calls, tokens decoded (prompts included), widest batch.</summary>
    public GeneratorStatistics EngineStatistics => _lease.Model.Generator.Statistics;

    /// <summary>
    /// The style for a name, sample count and temperature, exactly as a run builds it. Call it first to reject a
    /// bad style before a model is loaded.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown style, or an invalid sample count or temperature.</exception>
    public static EvaluationStyle ResolveStyle(
        string name, int samples, float temperature, VoteTieRule tieRule = VoteTieRule.First, int paraphrase = 0) =>
        RunStyles.Resolve(name, samples, temperature, tieRule, paraphrase);

    /// <summary>
    /// The command line's evaluation: the request becomes a run definition, and the run is hosted on a model cache of
    /// its own that holds this one file (the engine set up from the request's parallel sequences and threads).
    /// Nothing is generated until <see cref="RunAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid style, samples, limit or settings.</exception>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="ModelLoadException">The file is not a valid GGUF model, or llama.cpp rejects it.</exception>
    public static async Task<EvaluationSession> OpenAsync(EvaluationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var definition = request.ToDefinition();
        if (request.Parallel is < 1 or > 256)
            throw new ArgumentException($"Parallel sequences must be between 1 and 256, not {request.Parallel}.", nameof(request));
        if (!File.Exists(request.ModelPath))
        {
            throw new FileNotFoundException(
                Directory.Exists(request.ModelPath)
                    ? $"'{request.ModelPath}' is a folder; give the path of a .gguf model file."
                    : $"The model file '{request.ModelPath}' does not exist. `thoughtboard demo-model` prints the path of a small generated model.",
                request.ModelPath);
        }
        var cache = new ModelCache(Options.Create(new WorkerOptions
        {
            Sequences = request.Parallel,
            // The context is exactly what the run needs; there is no later run to share it with.
            SequenceLength = 1,
            BatchSize = Math.Max(512, request.Parallel),
            Threads = request.Threads,
            ModelMemoryBudgetMegabytes = 1L << 30,
        }), downloader: null, NullLogger<ModelCache>.Instance);
        try
        {
            var path = Path.GetFullPath(request.ModelPath);
            var model = new LanguageModel { Name = Path.GetFileNameWithoutExtension(path), Location = path, CreatedAt = DateTimeOffset.UtcNow };
            var session = await new RunHost(cache).OpenAsync(
                model, definition, new RunHostOptions(MaxConcurrentItems(request.Parallel), request.DoneItemIds, request.SuiteSpec),
                preparation: null, cancellationToken).ConfigureAwait(false);
            session._owned = cache;
            return session;
        }
        catch
        {
            cache.Dispose();
            throw;
        }
    }

    /// <summary>Twice the sequence slots: while some items wait on the engine, others are being scored or prepared.</summary>
    public static int MaxConcurrentItems(int sequences) => sequences * 2;

    /// <summary>
    /// Solves and scores every selected item not already done, yielding each as soon as it is scored. An item
    /// that fails becomes a record with an error and the run goes on; cancelling ends the enumeration with
    /// <see cref="OperationCanceledException"/> after the records already yielded. A session runs once.
    /// </summary>
    public async IAsyncEnumerable<ItemRecord> RunAsync(
        IProgress<RunProgress>? progress = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
            throw new InvalidOperationException("This evaluation session has already run; open a new one.");
        var options = new RunOptions(_options.MaxConcurrentItems, _options.DoneItemIds);
        await foreach (var result in EvaluationRunner.RunAsync(Suite, _definition.Style, _chat, _definition.Sampling, options, progress, cancellationToken)
                           .ConfigureAwait(false))
        {
            yield return ItemRecord.From(result, _chat.PathOf(result));
        }
    }

    public void Dispose()
    {
        _lease.Dispose();
        _owned?.Dispose();
    }
}
