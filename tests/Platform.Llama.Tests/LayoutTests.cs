using System.Runtime.InteropServices;
using Platform.Llama.Native;

namespace Platform.Llama.Tests;

/// <summary>
/// The mirrored structs against llama.h of the bundled llama.cpp (v0.5.0, x86-64). The expected numbers
/// were printed by a C program compiled against that header; a new llama.cpp must update both sides.
/// </summary>
public sealed class LayoutTests
{
    private static void AssertLayout<T>(int size, params (string Field, int Offset)[] fields) where T : struct
    {
        Assert.Equal(size, Marshal.SizeOf<T>());
        var declared = typeof(T).GetFields().Select(f => f.Name).ToArray();
        Assert.Equal(fields.Select(f => f.Field), declared);
        foreach (var (field, offset) in fields)
            Assert.True(offset == (int)Marshal.OffsetOf<T>(field), $"{typeof(T).Name}.{field}: expected offset {offset}, got {Marshal.OffsetOf<T>(field)}");
    }

    [Fact]
    public void Model_params_match_the_header() => AssertLayout<LlamaModelParams>(80,
        ("Devices", 0), ("TensorBufferTypeOverrides", 8), ("GpuLayerCount", 16), ("SplitMode", 20), ("LoadMode", 24),
        ("LazyMode", 28), ("MainGpu", 32), ("TensorSplit", 40), ("ProgressCallback", 48), ("ProgressCallbackUserData", 56),
        ("KvOverrides", 64), ("VocabOnly", 72), ("CheckTensors", 73), ("UseExtraBufferTypes", 74), ("NoHost", 75),
        ("NoAlloc", 76), ("LoadMtp", 77));

    [Fact]
    public void Context_params_match_the_header() => AssertLayout<LlamaContextParams>(160,
        ("ContextLength", 0), ("BatchSize", 4), ("MicroBatchSize", 8), ("MaxSequences", 12), ("RecurrentStateSnapshots", 16),
        ("MaxOutputs", 20), ("MaxOutputsPerSequence", 24), ("Threads", 28), ("BatchThreads", 32), ("ContextType", 36),
        ("RopeScalingType", 40), ("PoolingType", 44), ("AttentionType", 48), ("FlashAttentionType", 52),
        ("RopeFrequencyBase", 56), ("RopeFrequencyScale", 60), ("YarnExtFactor", 64), ("YarnAttnFactor", 68),
        ("YarnBetaFast", 72), ("YarnBetaSlow", 76), ("YarnOriginalContext", 80), ("DefragThreshold", 84),
        ("EvalCallback", 88), ("EvalCallbackUserData", 96), ("KeyCacheType", 104), ("ValueCacheType", 108),
        ("AbortCallback", 112), ("AbortCallbackData", 120), ("Embeddings", 128), ("OffloadKqv", 129), ("NoPerf", 130),
        ("OpOffload", 131), ("SwaFull", 132), ("KvUnified", 133), ("Samplers", 136), ("SamplerCount", 144), ("OtherContext", 152));

    [Fact]
    public void Batch_matches_the_header() => AssertLayout<LlamaBatch>(56,
        ("TokenCount", 0), ("Tokens", 8), ("Embeddings", 16), ("Positions", 24), ("SequenceIdCounts", 32), ("SequenceIds", 40), ("Logits", 48));

    [Fact]
    public void Chat_message_matches_the_header() => AssertLayout<NativeChatMessage>(16, ("Role", 0), ("Content", 8));

    [Fact]
    public void Sampler_chain_params_match_the_header() => AssertLayout<LlamaSamplerChainParams>(1, ("NoPerf", 0));

    [Fact]
    public void Native_defaults_read_through_the_mirrors_are_sane()
    {
        LlamaBackend.Initialize();
        var model = LlamaNative.llama_model_default_params();
        Assert.Equal(-1, model.GpuLayerCount);
        Assert.Equal(-1, model.LoadMode); // LLAMA_LOAD_MODE_AUTO
        Assert.Equal(1, model.UseExtraBufferTypes);
        var context = LlamaNative.llama_context_default_params();
        Assert.Equal(512u, context.ContextLength);
        Assert.Equal(2048u, context.BatchSize);
        Assert.Equal(1u, context.MaxSequences);
        Assert.Equal(0, context.KvUnified);
        Assert.Equal(1, context.OffloadKqv);
        Assert.Equal(0, context.Samplers);
    }
}
