using System.Runtime.CompilerServices;
using System.Text.Json;
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

namespace Platform.Worker.Evaluation;

/// <summary>
/// What one evaluation run is: a model file, a suite, a style, decoding settings, a limit and a seed.
/// The command line and the worker's job fill it the same way; nothing else decides what is asked.
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

    /// <summary>Sequence slots of the engine: how many generations decode together.</summary>
    public int Parallel { get; init; } = DefaultParallel;

    /// <summary>Enough sequences to keep a CPU busy between decode steps without a large KV cache for 7B-class models.</summary>
    public const int DefaultParallel = 16;

    /// <summary>Decoding threads; null is one per core (one for tiny models, see <see cref="EvaluationSession.DefaultThreads"/>).</summary>
    public int? Threads { get; init; }

    /// <summary>Keyword arguments of the chat template (checked by <see cref="TemplateArguments.Validate"/>); part of the config hash.</summary>
    public IReadOnlyDictionary<string, JsonElement>? TemplateArgs { get; init; }

    /// <summary>Items finished by an earlier, interrupted run of the same configuration; they are skipped.</summary>
    public IReadOnlySet<string>? DoneItemIds { get; init; }
}

/// <summary>
/// The one code path from an <see cref="EvaluationRequest"/> to scored items: it loads the GGUF file into the
/// batched engine (context sized from the longest prompt and the token limits), builds the style, computes the
/// run header, and streams one <see cref="ItemRecord"/> per item through the evaluation core's runner.
/// <code>
/// using var session = await EvaluationSession.OpenAsync(request, cancellationToken);
/// store(session.Header);
/// await foreach (var record in session.RunAsync(progress, cancellationToken)) store(record);
/// </code>
/// </summary>
public sealed class EvaluationSession : IDisposable
{
    /// <summary>Room for chat-template markers and re-tokenised thoughts that the size estimate cannot see exactly.</summary>
    private const int SequenceMargin = 64;

    private readonly LlamaModel _model;
    private readonly LlamaEvaluationModel _engine;
    private readonly RunChatModel _chat;
    private readonly ThinkingStyle _style;
    private readonly SamplingSettings _sampling;
    private readonly IReadOnlySet<string>? _doneItemIds;
    private int _started;

    private EvaluationSession(
        LlamaModel model, LlamaEvaluationModel engine, ThinkingStyle style, SamplingSettings sampling, Suite selected,
        EvaluationHeader header, IReadOnlySet<string>? doneItemIds, IReadOnlyDictionary<string, JsonElement> templateArgs)
    {
        _model = model;
        _engine = engine;
        _chat = new RunChatModel(engine, templateArgs);
        _style = style;
        _sampling = sampling;
        _doneItemIds = doneItemIds;
        Suite = selected;
        Header = header;
    }

    /// <summary>The items this run evaluates: the suite's first <see cref="EvaluationRequest.Limit"/> items.</summary>
    public Suite Suite { get; }

    public EvaluationHeader Header { get; }

    public ThinkingStyle Style => _style;

    /// <summary>The engine's counters: decode calls, tokens decoded (prompts included), widest batch.</summary>
    public GeneratorStatistics EngineStatistics => _engine.Generator.Statistics;

    /// <summary>
    /// The style for a name, sample count and temperature, exactly as a run builds it. Call it first to reject a
    /// bad style before a model is loaded.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown style, or an invalid sample count or temperature.</exception>
    public static ThinkingStyle ResolveStyle(string name, int samples, float temperature, VoteTieRule tieRule = VoteTieRule.First) =>
        Platform.Jobs.Runs.RunStyles.Resolve(name, samples, temperature, tieRule);

    /// <summary>Loads the model and prepares the run; nothing is generated until <see cref="RunAsync"/>.</summary>
    /// <exception cref="ArgumentException">Invalid style, samples, limit or settings.</exception>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="Platform.Gguf.GgufFormatException">The file is not a valid GGUF model.</exception>
    /// <exception cref="LlamaException">The native libraries are missing or llama.cpp rejects the model.</exception>
    public static async Task<EvaluationSession> OpenAsync(EvaluationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var style = ResolveStyle(request.Style, request.Samples, request.Temperature, request.TieRule);
        if (request.Limit is < 1)
        {
            throw new ArgumentException($"The limit must be at least 1 item, not {request.Limit}.", nameof(request));
        }
        var maxTokens = request.MaxTokens ?? style.DefaultMaxTokens(request.Suite.TaskType) ?? EvaluationRequest.DefaultMaxTokens;
        if (maxTokens < 1)
        {
            throw new ArgumentException($"The token limit must be at least 1, not {maxTokens}.", nameof(request));
        }
        if (request.Parallel is < 1 or > 256)
        {
            throw new ArgumentException($"Parallel sequences must be between 1 and 256, not {request.Parallel}.", nameof(request));
        }
        if (request.Suite.Items.Count == 0)
        {
            throw new ArgumentException($"Suite '{request.Suite.Name}' has no items.", nameof(request));
        }
        if (!File.Exists(request.ModelPath))
        {
            throw new FileNotFoundException(
                Directory.Exists(request.ModelPath)
                    ? $"'{request.ModelPath}' is a folder; give the path of a .gguf model file."
                    : $"The model file '{request.ModelPath}' does not exist. `thoughtboard demo-model` prints the path of a small generated model.",
                request.ModelPath);
        }

        var (templateArgs, templateError) = TemplateArguments.Validate(request.TemplateArgs);
        if (templateError is not null)
        {
            throw new ArgumentException(templateError, nameof(request));
        }
        var sampling = new SamplingSettings { Temperature = request.Temperature, MaxTokens = maxTokens, Seed = request.Seed };
        var selected = SuiteCatalog.Limit(request.Suite, request.Limit);

        var model = LlamaModel.Load(request.ModelPath);
        BatchedGenerator? generator = null;
        LlamaEvaluationModel? engine = null;
        try
        {
            var sequenceLength = SequenceLengthFor(model, selected, style, maxTokens, templateArgs!);
            generator = new BatchedGenerator(model, new BatchedGeneratorOptions
            {
                Sequences = request.Parallel,
                SequenceLength = sequenceLength,
                BatchSize = Math.Max(512, request.Parallel),
                Threads = request.Threads ?? DefaultThreads(model),
            });
            engine = new LlamaEvaluationModel(generator, ownsGenerator: true);

            var file = await ModelFileHash.IdentifyAsync(request.ModelPath, cancellationToken: cancellationToken).ConfigureAwait(false);
            var info = model.Info;
            var modelDescription = new ModelDescription(
                info.Name, file.FileName, file.SizeBytes, file.Sha256, info.Architecture, info.ParameterCount, info.FileType,
                info.ChatTemplate is null ? null : Hashing.Sha256Hex(info.ChatTemplate), engine.UsesChatTemplateFallback,
                engine.ChatTemplateFallbackReason, model.PromptDate, RunChatModel.PathOf(engine.ChatTemplateSource));
            var run = RunHeader.For(request.Suite, style, sampling);
            var header = new EvaluationHeader(
                EvaluationHeader.CurrentFormat,
                modelDescription,
                run,
                request.Seed,
                request.SuiteSpec ?? request.Suite.Name,
                request.Limit,
                selected.Items.Count,
                new EngineDescription(
                    LlamaEngines.Chosen?.Build?.ToString() ?? "unknown", generator.Sequences, generator.SequenceLength, generator.Threads,
                    MaxConcurrentItems(request.Parallel)),
                AnswerExtractor.Version,
                request.Suite.Checker.Version,
                EvaluationHeader.ComputeConfigHash(file.Sha256, run, request.Seed, request.Limit, templateArgs),
                DateTimeOffset.UtcNow,
                templateArgs!);
            return new EvaluationSession(model, engine, style, sampling, selected, header, request.DoneItemIds, templateArgs!);
        }
        catch
        {
            if (engine is not null)
            {
                engine.Dispose();
            }
            else
            {
                generator?.Dispose();
            }
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Solves and scores every selected item not already done, yielding each as soon as it is scored. An item
    /// that fails becomes a record with an error and the run goes on; cancelling ends the enumeration with
    /// <see cref="OperationCanceledException"/> after the records already yielded. A session runs once.
    /// </summary>
    public async IAsyncEnumerable<ItemRecord> RunAsync(
        IProgress<RunProgress>? progress = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("This evaluation session has already run; open a new one.");
        }
        var options = new RunOptions(MaxConcurrentItems(Header.Engine.Sequences), _doneItemIds);
        await foreach (var result in EvaluationRunner.RunAsync(Suite, _style, _chat, _sampling, options, progress, cancellationToken)
                           .ConfigureAwait(false))
        {
            yield return ItemRecord.From(result, _chat.PathOf(result));
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

    /// <summary>Twice the sequence slots: while some items wait on the engine, others are being scored or prepared.</summary>
    private static int MaxConcurrentItems(int sequences) => sequences * 2;

    /// <summary>
    /// Tokens one sequence needs: the longest prompt this style sends for any selected item, plus what may be
    /// generated after it. The style names the prompt to measure (exactly, through the chat template) and its budget:
    /// tree-of-thought prompts grow with the thoughts on their path, which are bounded by its token limits.
    /// </summary>
    private static int SequenceLengthFor(
        LlamaModel model, Suite suite, ThinkingStyle style, int maxTokens, IReadOnlyDictionary<string, JsonElement> templateArgs)
    {
        var prompt = style.PromptToMeasure;

        var longest = 0;
        foreach (var item in suite.Items)
        {
            var messages = prompt(TaskState.Start(suite, item, SamplingSettings.Greedy));
            var text = model.ApplyChatTemplate(messages.Select(m => new LlamaChatMessage(m.Role.ToString().ToLowerInvariant(), m.Content)).ToList(), templateArguments: templateArgs).Text;
            longest = Math.Max(longest, model.Tokenize(text, addSpecial: true, parseSpecial: true).Length);
        }

        return style.Budget(longest, maxTokens) + SequenceMargin;
    }

    public void Dispose()
    {
        _engine.Dispose();
        _model.Dispose();
    }
}
