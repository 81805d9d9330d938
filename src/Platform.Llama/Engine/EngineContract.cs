namespace Platform.Llama.Engine;

/// <summary>What a backend reads from a loaded model (the file's own facts come from <c>Platform.Gguf</c>).</summary>
public sealed record EngineModelFacts(
    string Description,
    ulong ParameterCount,
    int TrainingContextLength,
    int EmbeddingLength,
    int LayerCount,
    int VocabularySize,
    string? ChatTemplate,
    LlamaSpecialTokens SpecialTokens,
    bool AddsEos);

public sealed record EngineModelSettings(int? GpuLayers, bool? UseMmap, LlamaBackendOptions? Backend);

/// <summary>
/// A context as the scheduler asks for it: <paramref name="Sequences"/> x <paramref name="SequenceLength"/> tokens,
/// at most <paramref name="BatchSize"/> tokens per decode, and the KV layout set explicitly (never a backend's default).
/// </summary>
public sealed record EngineContextSettings(int Sequences, int SequenceLength, int BatchSize, int Threads, bool UnifiedKvCache);

/// <summary>
/// One way of running llama.cpp in this process. The scheduler (<see cref="BatchedGenerator"/>) is written once
/// above this contract; an engine only loads, tokenizes, decodes batches, moves KV ranges and samples.
/// </summary>
public interface ILlamaEngine
{
    LlamaEngineKind Kind { get; }

    /// <summary>The native build that runs, once its libraries are loaded; null before.</summary>
    LlamaEngineBuild? Build { get; }

    /// <summary>Loads the engine's native libraries (once per process) and says which build runs.</summary>
    /// <param name="backend">The native engine's folder and build (cpu or cuda); the llamasharp engine chooses its own.</param>
    /// <exception cref="LlamaException">The libraries are missing or unusable.</exception>
    LlamaEngineBuild Start(LlamaBackendOptions? backend = null);

    /// <exception cref="LlamaException">The libraries are missing or llama.cpp rejects the file.</exception>
    IEngineModel LoadModel(string path, EngineModelSettings settings);
}

/// <summary>
/// A loaded model. <see cref="IDisposable.Dispose"/> releases the caller's hold only: contexts created from it keep
/// the native model alive, and its tokenizer keeps working for them, until the last one is disposed.
/// </summary>
public interface IEngineModel : IDisposable
{
    EngineModelFacts Facts { get; }

    int[] Tokenize(string text, bool addSpecial, bool parseSpecial);

    string Detokenize(ReadOnlySpan<int> tokens, bool removeSpecial, bool unparseSpecial);

    /// <summary>Writes one token's raw bytes; returns their length, or minus the length needed when the span is too small.</summary>
    int TokenToPiece(int token, Span<byte> destination, bool special);

    bool IsEndOfGeneration(int token);

    /// <summary>llama.cpp's built-in template matcher (<c>llama_chat_apply_template</c>); null when no format matches.</summary>
    string? ApplyBuiltinChatTemplate(string template, IReadOnlyList<LlamaChatMessage> messages, bool addAssistantPrompt);

    IEngineContext CreateContext(EngineContextSettings settings);
}

/// <summary>
/// A context with its batch. Used by one thread only (the scheduler's decode loop), so it needs no lock.
/// Sequence ranges are always whole sequences: the scheduler never copies or removes part of one.
/// </summary>
public interface IEngineContext : IDisposable
{
    /// <summary>Tokens one sequence may hold, as the backend really allocated them.</summary>
    int SequenceLength { get; }

    void ClearBatch();

    void AddToBatch(int token, int position, int sequence, bool wantLogits);

    /// <summary>Decodes the batch: 0 on success, 1 when the KV cache has no room, 2 when aborted, -1 for an invalid batch, other values for fatal errors.</summary>
    int Decode();

    void CopySequence(int source, int destination);

    void RemoveSequence(int sequence);

    /// <summary>A sampler chain of its own (chains carry RNG state); greedy when <see cref="SamplingOptions.IsGreedy"/>.</summary>
    IEngineSampler CreateSampler(SamplingOptions options, uint seed);
}

public interface IEngineSampler : IDisposable
{
    /// <summary>Samples from the logits of the last decode at <paramref name="batchIndex"/> (a token that asked for logits).</summary>
    int Sample(int batchIndex);
}
