using System.Runtime.InteropServices;
using LLama.Exceptions;
using LLama.Native;
using Platform.Llama.Engine;
using NativeLog = Platform.Llama.Native.NativeLog;

namespace Platform.Llama.LlamaSharp;

/// <summary>
/// A LLamaSharp context and its <see cref="LLamaBatch"/>, decoded by <see cref="SafeLLamaContextHandle.Decode(LLamaBatch)"/>
/// on the scheduler's thread. <c>kv_unified</c> is set to what the scheduler asks: LLamaSharp would otherwise turn it on.
/// </summary>
internal sealed unsafe class LlamaSharpContext : IEngineContext
{
    private readonly SafeLLamaContextHandle _context;
    private readonly LLamaBatch _batch = new();
    private readonly int _capacity;

    public LlamaSharpContext(SafeLlamaModelHandle model, EngineContextSettings settings)
    {
        var parameters = LLamaContextParams.Default();
        parameters.n_ctx = checked((uint)(settings.Sequences * settings.SequenceLength));
        parameters.n_batch = (uint)settings.BatchSize;
        parameters.n_seq_max = (uint)settings.Sequences;
        parameters.n_threads = settings.Threads;
        parameters.n_threads_batch = settings.Threads;
        parameters.kv_unified = settings.UnifiedKvCache;
        parameters.no_perf = true;
        try
        {
            _context = SafeLLamaContextHandle.Create(model, parameters);
        }
        catch (RuntimeError e)
        {
            throw new LlamaException(
                $"llama.cpp could not create a context of {parameters.n_ctx} tokens for {parameters.n_seq_max} sequences ({e.Message})" +
                NativeLog.RecentErrors() + ". Lower the context size or the number of parallel sequences.", e);
        }
        var perSequence = (delegate* unmanaged[Cdecl]<nint, uint>)NativeLibrary.GetExport(LlamaSharpEngine.Library, "llama_n_ctx_seq");
        SequenceLength = (int)perSequence(_context.DangerousGetHandle());
        _capacity = settings.BatchSize;
    }

    public int SequenceLength { get; }

    public void ClearBatch() => _batch.Clear();

    public void AddToBatch(int token, int position, int sequence, bool wantLogits)
    {
        if (_batch.TokenCount >= _capacity)
            throw new InvalidOperationException($"The batch holds at most {_capacity} tokens.");
        _batch.Add(token, position, (LLamaSeqId)sequence, wantLogits);
    }

    public int Decode() => (int)_context.Decode(_batch);

    // Whole sequences only (positions 0 to the end): with one KV stream per sequence, llama.cpp copies whole streams.
    public void CopySequence(int source, int destination) => _context.MemorySequenceCopy((LLamaSeqId)source, (LLamaSeqId)destination, 0, -1);

    public void RemoveSequence(int sequence) => _context.MemorySequenceRemove((LLamaSeqId)sequence, -1, -1);

    public IEngineSampler CreateSampler(SamplingOptions options, uint seed)
    {
        var parameters = LLamaSamplerChainParams.Default();
        parameters.NoPerf = true;
        var chain = SafeLLamaSamplerChainHandle.Create(parameters);
        if (options.IsGreedy)
        {
            chain.AddGreedySampler();
            return new Sampler(chain, _context);
        }
        // The native engine's order: truncate the distribution, then scale by temperature, then draw.
        if (options.TopK > 0)
            chain.AddTopK(options.TopK);
        if (options.TopP < 1f)
            chain.AddTopP(options.TopP, 1);
        if (options.MinP > 0f)
            chain.AddMinP(options.MinP, 1);
        chain.AddTemperature(options.Temperature);
        chain.AddDistributionSampler(seed);
        return new Sampler(chain, _context);
    }

    public void Dispose() => _context.Dispose();

    private sealed class Sampler(SafeLLamaSamplerChainHandle chain, SafeLLamaContextHandle context) : IEngineSampler
    {
        public int Sample(int batchIndex) => (int)chain.Sample(context, batchIndex);

        public void Dispose() => chain.Dispose();
    }
}
