using System.Diagnostics;
using LLama.Native;

namespace Platform.Cli.Bench;

/// <summary>
/// The floor the llamasharp engine is measured against: LLamaSharp's own low-level API driven by the plainest loop
/// on the same libraries and the same workload as <see cref="OurEngineBench"/> (every prompt in one decode, then
/// one decode per generated token for all sequences, greedy), with no scheduler around it. Like our engine it keeps
/// one model and one context for all its measurements (the memory is cleared before each), so the two differ only
/// in what runs around the decodes. What our scheduler costs on this engine is the gap between the two.
/// </summary>
public sealed class LlamaSharpBareLoop : IDisposable
{
    private readonly SafeLlamaModelHandle _model;
    private readonly SafeLLamaContextHandle _context;

    /// <summary>
    /// A context sized like the engine's (<paramref name="maxParallel"/> sequences, the same batch size); the caller
    /// has started the llamasharp engine.
    /// </summary>
    public LlamaSharpBareLoop(string modelPath, int maxParallel, int threads)
    {
        _model = SafeLlamaModelHandle.LoadFromFile(modelPath, LLamaModelParams.Default());
        var parameters = LLamaContextParams.Default();
        parameters.n_ctx = (uint)(maxParallel * (OurEngineBench.PromptTokens + OurEngineBench.GeneratedTokens));
        parameters.n_batch = (uint)OurEngineBench.ReferenceBatchSize(maxParallel);
        parameters.n_seq_max = (uint)maxParallel;
        parameters.n_threads = threads;
        parameters.n_threads_batch = threads;
        parameters.kv_unified = false;
        parameters.no_perf = true;
        _context = SafeLLamaContextHandle.Create(_model, parameters);
    }

    /// <summary>Measures one round at <paramref name="parallel"/> sequences, each with its prompt from <paramref name="prompts"/>.</summary>
    public OurThroughput Measure(int parallel, int[][] prompts)
    {
        _context.MemoryClear(true);
        var samplers = Enumerable.Range(0, parallel).Select(_ =>
        {
            var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
            chain.AddGreedySampler();
            return chain;
        }).ToArray();
        try
        {
            var batch = new LLamaBatch();
            var logitIndex = new int[parallel];
            for (int s = 0; s < parallel; s++)
            {
                for (int i = 0; i < prompts[s].Length; i++)
                    batch.Add(prompts[s][i], i, (LLamaSeqId)s, i == prompts[s].Length - 1);
                logitIndex[s] = batch.TokenCount - 1;
            }
            var clock = Stopwatch.StartNew();
            Check(_context.Decode(batch));
            var promptSeconds = clock.Elapsed.TotalSeconds;

            clock.Restart();
            var next = new int[parallel];
            long decodeTicks = 0;
            for (int step = 0; step < OurEngineBench.GeneratedTokens; step++)
            {
                for (int s = 0; s < parallel; s++)
                    next[s] = (int)samplers[s].Sample(_context, logitIndex[s]);
                batch.Clear();
                for (int s = 0; s < parallel; s++)
                {
                    batch.Add(next[s], OurEngineBench.PromptTokens + step, (LLamaSeqId)s, true);
                    logitIndex[s] = s;
                }
                long decodeStarted = Stopwatch.GetTimestamp();
                Check(_context.Decode(batch));
                decodeTicks += Stopwatch.GetTimestamp() - decodeStarted;
            }
            var generationSeconds = clock.Elapsed.TotalSeconds;
            var decodeSeconds = (double)decodeTicks / Stopwatch.Frequency;
            return new OurThroughput(parallel, parallel * OurEngineBench.PromptTokens / promptSeconds,
                parallel * OurEngineBench.GeneratedTokens / generationSeconds, DecodedInLockstep: true, EndedEarly: 0,
                generationSeconds / OurEngineBench.GeneratedTokens, (generationSeconds - decodeSeconds) / OurEngineBench.GeneratedTokens);
        }
        finally
        {
            foreach (var sampler in samplers)
                sampler.Dispose();
        }
    }

    public void Dispose()
    {
        _context.Dispose();
        _model.Dispose();
    }

    private static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok)
            throw new BenchException($"LLamaSharp's decode returned {result} in the bare loop.");
    }
}
