using Platform.Llama;

namespace Platform.Cli.Bench;

/// <summary>One measured round of our engine at one parallelism.</summary>
/// <param name="StepSeconds">Wall time of one generation step (a decode of every sequence's next token and what follows it).</param>
/// <param name="OutsideDecodeSeconds">Of <paramref name="StepSeconds"/>, the time outside llama_decode: planning, sampling, detokenizing.</param>
public sealed record OurThroughput(
    int Parallel,
    double PromptTokensPerSecond,
    double GenerationTokensPerSecond,
    bool DecodedInLockstep,
    int EndedEarly,
    double StepSeconds,
    double OutsideDecodeSeconds);

/// <summary>
/// Drives our <see cref="BatchedGenerator"/> through the workload of <c>llama-batched-bench</c>: <c>parallel</c>
/// sequences, each with its own prompt of <see cref="PromptTokens"/> tokens, then <see cref="GeneratedTokens"/>
/// decode steps for all of them together. The context is sized and batched exactly like the reference run.
/// </summary>
public sealed class OurEngineBench : IDisposable
{
    public const int PromptTokens = 128;
    public const int GeneratedTokens = 128;
    private const int BlockerPromptTokens = 200;
    private static readonly TimeSpan BlockerHeadStart = TimeSpan.FromMilliseconds(50);

    private readonly BatchedGenerator _generator;
    private readonly Random _tokens = new(20261125);

    public OurEngineBench(LlamaModel model, int maxParallel, int threads)
    {
        Model = model;
        MaxParallel = maxParallel;
        // n_ctx = parallel x (prompt + generated), one stream per sequence, all prompts in one llama_decode:
        // the same context llama-batched-bench gets from -c, -b and -npl.
        _generator = new BatchedGenerator(model, new BatchedGeneratorOptions
        {
            Sequences = maxParallel,
            SequenceLength = PromptTokens + GeneratedTokens,
            BatchSize = ReferenceBatchSize(maxParallel),
            Threads = threads,
        });
    }

    public LlamaModel Model { get; }

    public int MaxParallel { get; }

    public int ContextCells => _generator.Sequences * _generator.SequenceLength;

    public static int ReferenceBatchSize(int maxParallel) => maxParallel * PromptTokens;

    /// <summary>
    /// All prompts must enter the same decode, as in the reference. A request is admitted as soon as the decode
    /// loop sees it, so the loop is first kept busy with a short blocker request while the measured ones are
    /// queued; whether that worked is checked afterwards from the decode counters, not assumed.
    /// </summary>
    public async Task<OurThroughput> MeasureAsync(int parallel, CancellationToken cancellationToken)
    {
        var before = _generator.Statistics;
        // One decode for the blocker too: at one sequence the batch holds only 128 tokens.
        int blockerTokens = Math.Min(BlockerPromptTokens, _generator.BatchSize);
        var blocker = _generator.GenerateAsync(new GenerationRequest { PromptTokens = RandomTokens(blockerTokens), MaxTokens = 1 }, cancellationToken);
        // Let the loop take the blocker alone into its decode; queued behind it, the measured requests are then
        // admitted together. Too short a pause on a fast model shows up in the lockstep check below.
        await Task.Delay(BlockerHeadStart, cancellationToken);
        var requests = Enumerable.Range(0, parallel)
            .Select(_ => new GenerationRequest { PromptTokens = RandomTokens(PromptTokens), MaxTokens = GeneratedTokens + 1 })
            .ToList();
        var running = requests.Select(r => _generator.GenerateAsync(r, cancellationToken)).ToList();
        await blocker;
        var samples = (await Task.WhenAll(running)).Select(r => r.Samples.Single()).ToList();
        var after = _generator.Statistics;

        // The first token of each sequence comes from its prompt's logits; the other 128 each cost one decode
        // step, as the reference's 128 generation steps do.
        var promptSeconds = samples.Max(s => s.Timings.PromptEvaluation.TotalSeconds);
        var slowest = samples.MaxBy(s => s.Timings.Generation)!.Timings;
        var generationSeconds = slowest.Generation.TotalSeconds;
        var generationTokens = after.TokensDecoded - before.TokensDecoded - blockerTokens - (long)parallel * PromptTokens;
        var decodes = after.DecodeCalls - before.DecodeCalls;
        var endedEarly = samples.Count(s => s.StopReason != StopReason.MaxTokens);
        return new OurThroughput(
            parallel,
            parallel * PromptTokens / promptSeconds,
            generationTokens / generationSeconds,
            DecodedInLockstep: decodes == 1 + 1 + GeneratedTokens && endedEarly == 0,
            endedEarly,
            generationSeconds / GeneratedTokens,
            (generationSeconds - slowest.Decoding.TotalSeconds) / GeneratedTokens);
    }

    /// <summary>
    /// Seconds from submitting one prompt until all <paramref name="samples"/> sequences have their first two tokens.
    /// The second token matters: without a unified KV cache, llama.cpp performs a fork's copy at the next decode.
    /// </summary>
    public async Task<double> MeasureForkAsync(IReadOnlyList<int> prompt, int samples, CancellationToken cancellationToken)
    {
        var result = await _generator.GenerateAsync(new GenerationRequest
        {
            PromptTokens = prompt,
            MaxTokens = 2,
            Samples = samples,
            Sampling = new SamplingOptions { Temperature = 0.8f },
        }, cancellationToken);
        return result.Samples.Max(s => s.Timings.Total.TotalSeconds);
    }

    /// <summary>Token ids drawn away from the control tokens at the start of the vocabulary.</summary>
    public int[] RandomTokens(int count)
    {
        var vocabulary = Model.Info.VocabularySize;
        return Enumerable.Range(0, count).Select(_ => _tokens.Next(260, vocabulary)).ToArray();
    }

    public void Dispose() => _generator.Dispose();
}
