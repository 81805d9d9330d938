using Platform.Llama.Engine;

namespace Platform.Llama.Native;

/// <summary>A llama.cpp context, its memory and one <c>llama_batch</c>, driven by the scheduler's decode thread.</summary>
internal sealed unsafe class NativeEngineContext : IEngineContext
{
    private readonly SafeLlamaContextHandle _context;
    private readonly nint _memory;
    private LlamaBatch _batch;
    private readonly int _capacity;
    private bool _disposed;

    public NativeEngineContext(SafeLlamaModelHandle model, EngineContextSettings settings)
    {
        var parameters = LlamaNative.llama_context_default_params();
        parameters.ContextLength = checked((uint)(settings.Sequences * settings.SequenceLength));
        parameters.BatchSize = (uint)settings.BatchSize;
        parameters.MaxSequences = (uint)settings.Sequences;
        parameters.Threads = settings.Threads;
        parameters.BatchThreads = settings.Threads;
        parameters.KvUnified = (byte)(settings.UnifiedKvCache ? 1 : 0);
        parameters.NoPerf = 1;
        _context = SafeLlamaContextHandle.Create(model, parameters);
        _memory = LlamaNative.llama_get_memory(_context);
        SequenceLength = (int)LlamaNative.llama_n_ctx_seq(_context);
        _capacity = settings.BatchSize;
        _batch = LlamaNative.llama_batch_init(settings.BatchSize, 0, 1);
    }

    public int SequenceLength { get; }

    public void ClearBatch() => _batch.TokenCount = 0;

    public void AddToBatch(int token, int position, int sequence, bool wantLogits)
    {
        int i = _batch.TokenCount;
        if (i >= _capacity)
            throw new InvalidOperationException($"The batch holds at most {_capacity} tokens.");
        _batch.Tokens[i] = token;
        _batch.Positions[i] = position;
        _batch.SequenceIdCounts[i] = 1;
        _batch.SequenceIds[i][0] = sequence;
        _batch.Logits[i] = (sbyte)(wantLogits ? 1 : 0);
        _batch.TokenCount = i + 1;
    }

    public int Decode() => LlamaNative.llama_decode(_context, _batch);

    public void CopySequence(int source, int destination) => LlamaNative.llama_memory_seq_cp(_memory, source, destination, -1, -1);

    public void RemoveSequence(int sequence) => LlamaNative.llama_memory_seq_rm(_memory, sequence, -1, -1);

    public IEngineSampler CreateSampler(SamplingOptions options, uint seed) => new NativeSampler(SamplerChain.Create(options, seed), _context);

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        LlamaNative.llama_batch_free(_batch);
        _context.Dispose();
    }

    private sealed class NativeSampler(SafeLlamaSamplerHandle chain, SafeLlamaContextHandle context) : IEngineSampler
    {
        public int Sample(int batchIndex) => LlamaNative.llama_sampler_sample(chain, context, batchIndex);

        public void Dispose() => chain.Dispose();
    }
}
