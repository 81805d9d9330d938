namespace Platform.Llama;

/// <summary>How a <see cref="BatchedGenerator"/> sizes its one llama.cpp context.</summary>
public sealed record BatchedGeneratorOptions
{
    /// <summary>Sequence slots (llama.cpp's <c>n_seq_max</c>, at most 256): how many samples decode together.</summary>
    public int Sequences { get; init; } = 8;

    /// <summary>
    /// Tokens one sequence may hold, prompt and output together. Rounded up to a multiple of 256 as llama.cpp
    /// does; the context holds <c>Sequences x SequenceLength</c> tokens.
    /// </summary>
    public int SequenceLength { get; init; } = 2048;

    /// <summary>Most tokens handed to one <c>llama_decode</c> (<c>n_batch</c>); longer prompts are fed in chunks.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>CPU threads for decoding; null means one per core.</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// One KV buffer shared by all sequences (<c>kv_unified</c>): forks share the prompt's cells instead of
    /// copying them. Off by default, as llama.cpp recommends when sequences share little.
    /// </summary>
    public bool UnifiedKvCache { get; init; }
}

/// <summary>Decoding settings. <see cref="Temperature"/> 0 (or below) is greedy decoding and ignores the rest.</summary>
public sealed record SamplingOptions
{
    public float Temperature { get; init; }

    /// <summary>Nucleus sampling threshold; 1 disables it.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Keep only the k most likely tokens; 0 disables it.</summary>
    public int TopK { get; init; }

    /// <summary>Drop tokens less likely than this fraction of the most likely one; 0 disables it.</summary>
    public float MinP { get; init; }

    /// <summary>Seed of sample 0; sample i uses <c>Seed + i</c> (low 32 bits, as llama.cpp takes them).</summary>
    public ulong Seed { get; init; } = 42;

    public static SamplingOptions Greedy { get; } = new();

    public bool IsGreedy => Temperature <= 0f;
}

/// <summary>
/// One request: a prompt (text or tokens) and how to continue it. <see cref="Samples"/> &gt; 1 evaluates the
/// prompt once and forks it into that many sequences.
/// </summary>
public sealed record GenerationRequest
{
    /// <summary>Prompt text, tokenized with BOS and with special-token text (such as ChatML markers) parsed.</summary>
    public string? Prompt { get; init; }

    /// <summary>Prompt tokens, used as given; set this or <see cref="Prompt"/>.</summary>
    public IReadOnlyList<int>? PromptTokens { get; init; }

    public SamplingOptions Sampling { get; init; } = SamplingOptions.Greedy;

    public int MaxTokens { get; init; } = 256;

    /// <summary>Generation stops when the output contains one of these; the stop string is not part of the text.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    public int Samples { get; init; } = 1;

    public static GenerationRequest FromPrompt(string prompt, int maxTokens = 256) => new() { Prompt = prompt, MaxTokens = maxTokens };
}

public enum StopReason
{
    /// <summary>The model produced an end-of-generation token (EOS/EOT), which is not part of the output.</summary>
    EndOfGeneration,
    StopString,
    /// <summary>The request's <see cref="GenerationRequest.MaxTokens"/> was reached.</summary>
    MaxTokens,
    /// <summary>The sequence filled <see cref="BatchedGeneratorOptions.SequenceLength"/>.</summary>
    ContextFull,
}

/// <summary>Wall-clock phases of one sample, measured on the decode thread.</summary>
/// <param name="Decoding">
/// Of <see cref="Generation"/>, the time spent inside the engine's decode calls that advanced this sample; the
/// rest is the scheduler's own work (planning, sampling, detokenizing, stop strings) and waiting for it.
/// </param>
public sealed record GenerationTimings(TimeSpan Queued, TimeSpan PromptEvaluation, TimeSpan Generation, TimeSpan Decoding)
{
    public TimeSpan Total => Queued + PromptEvaluation + Generation;
}

/// <param name="Text">Decoded output, cut before a stop string.</param>
/// <param name="Tokens">Every sampled token except a final end-of-generation token.</param>
/// <param name="Truncated">True when the token limit or the sequence length ended the sample.</param>
public sealed record GenerationSample(
    int Index,
    string Text,
    IReadOnlyList<int> Tokens,
    int PromptTokens,
    int OutputTokens,
    bool Truncated,
    StopReason StopReason,
    GenerationTimings Timings);

public sealed record GenerationResult(int PromptTokens, IReadOnlyList<GenerationSample> Samples);

/// <summary>Counters of the decode loop, for benchmarks and for checking that work was really batched.</summary>
/// <param name="SplitDecodes">
/// Decodes whose generating sequences did not have consecutive ids, which llama.cpp splits into several passes
/// over the weights (one KV stream per sequence). The generator keeps ids dense, so this stays 0.
/// </param>
/// <param name="SequencesMoved">Running sequences moved down into a lower free id (a KV stream copy each).</param>
public sealed record GeneratorStatistics(
    long DecodeCalls,
    long TokensDecoded,
    int MostSequencesInOneDecode,
    long RequestsCompleted,
    long SplitDecodes,
    long SequencesMoved);
