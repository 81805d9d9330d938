using System.Text;

namespace Platform.Gguf;

/// <summary>
/// The shape of a generated llama-architecture model. Weights are random but fixed by <see cref="Seed"/>:
/// the same spec always yields the same bytes.
/// </summary>
public sealed record TestModelSpec(
    string Name,
    int EmbeddingLength,
    int LayerCount,
    int FeedForwardLength,
    int HeadCount,
    int HeadCountKv,
    int ContextLength,
    GgmlType MatrixType,
    ulong Seed)
{
    /// <summary>The Jinja text stored as <c>tokenizer.chat_template</c>; ChatML unless a test needs another.</summary>
    public string ChatTemplate { get; init; } = TestModelGenerator.ChatMlTemplate;

    /// <summary>
    /// 32 wide x 2 layers, F16, about 5 MB: loads in milliseconds, for unit tests. F16 rather than Q8_0 because
    /// llama.cpp quantizes activations to 8 bits for Q8_0 matrices, and a rounding step that flips with the
    /// batch size makes greedy output depend on how requests were batched; with F16 it does not.
    /// </summary>
    public static TestModelSpec Tiny { get; } = new("thoughtboard-tiny", 32, 2, 96, 2, 2, 4096, GgmlType.F16, 1);

    /// <summary>64 wide x 2 layers, Q8_0, about 5 MB: the smallest model that exercises the Q8_0 writer end to end.</summary>
    public static TestModelSpec TinyQ8_0 { get; } = new("thoughtboard-tiny", 64, 2, 128, 4, 4, 4096, GgmlType.Q8_0, 1);

    /// <summary>1024 wide x 16 layers, ff 2816, Q8_0, about 290 MB (271M parameters): for benchmarks.</summary>
    public static TestModelSpec Bench { get; } = new("thoughtboard-bench", 1024, 16, 2816, 16, 16, 4096, GgmlType.Q8_0, 1);

    /// <summary>A file name that changes whenever anything in the spec changes, for caching generated files.</summary>
    public string FileName
    {
        get
        {
            string shape = $"{EmbeddingLength}x{LayerCount}-ff{FeedForwardLength}-h{HeadCount}-kv{HeadCountKv}-ctx{ContextLength}-s{Seed}-v{TestModelGenerator.FormatRevision}";
            string template = ChatTemplate == TestModelGenerator.ChatMlTemplate ? "" : $"-t{TestModelGenerator.StableHash(ChatTemplate):x16}";
            return $"{Name}-{shape}{template}-{MatrixType.ToString().ToLowerInvariant()}.gguf";
        }
    }
}

/// <summary>
/// Writes llama-architecture GGUF models with random weights and the real SentencePiece vocabulary of
/// llama.cpp's <c>ggml-vocab-llama-spm.gguf</c>, so tokenization, chat templates and decoding behave like
/// a real model while the text is meaningless. A ChatML <c>tokenizer.chat_template</c> is included.
/// </summary>
public static class TestModelGenerator
{
    /// <summary>Bumped whenever the generator's output for a given spec changes, so caches are not reused.</summary>
    public const int FormatRevision = 3;

    /// <summary>
    /// Set (to true) in every model written here. Whoever registers a model can tell from the file alone that its
    /// weights are random and its scores meaningless, whatever name or family it is given.
    /// </summary>
    public const string RandomWeightsKey = "thoughtboard.random_weights";

    /// <summary>True when the file says its weights are random (see <see cref="RandomWeightsKey"/>).</summary>
    public static bool DeclaresRandomWeights(GgufFile file) =>
        file.Metadata.TryGetValue(RandomWeightsKey, out var value) && value.Value is true;

    public const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private const string VocabularyFileName = "ggml-vocab-llama-spm.gguf";

    /// <summary>
    /// Where llama.cpp's source is cloned by <c>scripts/fetch-native.sh source</c>:
    /// <c>$THOUGHTBOARD_CACHE</c>, else <c>$XDG_CACHE_HOME/thoughtboard</c>, else <c>~/.cache/thoughtboard</c>.
    /// </summary>
    public static string DefaultVocabularyPath
    {
        get
        {
            string? cache = Environment.GetEnvironmentVariable("THOUGHTBOARD_CACHE");
            if (string.IsNullOrEmpty(cache))
            {
                string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                cache = Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".cache") : xdg, "thoughtboard");
            }
            return Path.Combine(cache, "llama.cpp", "models", VocabularyFileName);
        }
    }

    /// <summary>Returns the path of the model in <paramref name="directory"/>, generating it first if absent.</summary>
    public static string EnsureModel(TestModelSpec spec, string directory, string? vocabularyPath = null)
    {
        string path = Path.Combine(directory, spec.FileName);
        if (!File.Exists(path))
            Write(spec, path, vocabularyPath);
        return path;
    }

    public static void Write(TestModelSpec spec, string path, string? vocabularyPath = null)
    {
        Validate(spec);
        vocabularyPath ??= DefaultVocabularyPath;
        if (!File.Exists(vocabularyPath))
            throw new FileNotFoundException(
                $"The vocabulary file '{vocabularyPath}' is missing. Run `scripts/fetch-native.sh source` (or any `./thoughtboard` command that generates a model, which fetches it) to get llama.cpp's source, which contains it.");
        var vocabulary = GgufFile.Read(vocabularyPath);
        var tokens = vocabulary.Metadata.TryGetValue("tokenizer.ggml.tokens", out var tokenList) && tokenList.Value is string[] list
            ? list
            : throw new GgufFormatException(vocabularyPath, "it has no tokenizer.ggml.tokens list, so it is not a vocabulary file");
        int vocabularySize = tokens.Length;

        var writer = new GgufWriter();
        writer.Add("general.architecture", GgufValue.Of("llama"))
            .Add("general.name", GgufValue.Of(spec.Name))
            .Add(RandomWeightsKey, GgufValue.Of(true))
            .Add("general.file_type", GgufValue.Of(FileTypeOf(spec.MatrixType)))
            .Add("general.quantization_version", GgufValue.Of(2u))
            .Add("llama.context_length", GgufValue.Of((uint)spec.ContextLength))
            .Add("llama.embedding_length", GgufValue.Of((uint)spec.EmbeddingLength))
            .Add("llama.block_count", GgufValue.Of((uint)spec.LayerCount))
            .Add("llama.feed_forward_length", GgufValue.Of((uint)spec.FeedForwardLength))
            .Add("llama.attention.head_count", GgufValue.Of((uint)spec.HeadCount))
            .Add("llama.attention.head_count_kv", GgufValue.Of((uint)spec.HeadCountKv))
            .Add("llama.rope.dimension_count", GgufValue.Of((uint)(spec.EmbeddingLength / spec.HeadCount)))
            .Add("llama.rope.freq_base", GgufValue.Of(10000f))
            .Add("llama.attention.layer_norm_rms_epsilon", GgufValue.Of(1e-5f))
            .Add("llama.vocab_size", GgufValue.Of((uint)vocabularySize));
        foreach (string key in vocabulary.MetadataKeys.Where(key => key.StartsWith("tokenizer.", StringComparison.Ordinal)))
            writer.Add(key, vocabulary.Metadata[key]);
        writer.Add("tokenizer.chat_template", GgufValue.Of(spec.ChatTemplate));

        int embd = spec.EmbeddingLength;
        int kvWidth = embd / spec.HeadCount * spec.HeadCountKv;
        int ff = spec.FeedForwardLength;
        // Scales keep the residual stream near unit size and give logits a spread of a few units, so the
        // greedy continuation depends on the prompt instead of collapsing onto one token.
        AddMatrix(writer, spec, "token_embd.weight", embd, vocabularySize, 1f);
        AddNorm(writer, "output_norm.weight", embd);
        AddMatrix(writer, spec, "output.weight", embd, vocabularySize, 4f / MathF.Sqrt(embd));
        for (int layer = 0; layer < spec.LayerCount; layer++)
        {
            string prefix = $"blk.{layer}.";
            AddNorm(writer, prefix + "attn_norm.weight", embd);
            AddMatrix(writer, spec, prefix + "attn_q.weight", embd, embd, 1f / MathF.Sqrt(embd));
            AddMatrix(writer, spec, prefix + "attn_k.weight", embd, kvWidth, 1f / MathF.Sqrt(embd));
            AddMatrix(writer, spec, prefix + "attn_v.weight", embd, kvWidth, 1f / MathF.Sqrt(embd));
            AddMatrix(writer, spec, prefix + "attn_output.weight", embd, embd, 1f / MathF.Sqrt(embd));
            AddNorm(writer, prefix + "ffn_norm.weight", embd);
            AddMatrix(writer, spec, prefix + "ffn_gate.weight", embd, ff, 1f / MathF.Sqrt(embd));
            AddMatrix(writer, spec, prefix + "ffn_up.weight", embd, ff, 1f / MathF.Sqrt(embd));
            AddMatrix(writer, spec, prefix + "ffn_down.weight", ff, embd, 1f / MathF.Sqrt(ff));
        }
        writer.WriteTo(path);
    }

    private static void Validate(TestModelSpec spec)
    {
        if (spec.EmbeddingLength <= 0 || spec.LayerCount <= 0 || spec.FeedForwardLength <= 0 || spec.HeadCount <= 0 || spec.HeadCountKv <= 0)
            throw new ArgumentException("Every dimension of a test model must be positive.", nameof(spec));
        if (spec.EmbeddingLength % spec.HeadCount != 0 || spec.HeadCount % spec.HeadCountKv != 0)
            throw new ArgumentException("The embedding length must divide into heads, and heads into KV heads.", nameof(spec));
        if (spec.MatrixType == GgmlType.Q8_0 && (spec.EmbeddingLength % 32 != 0 || spec.FeedForwardLength % 32 != 0))
            throw new ArgumentException("Q8_0 rows must be a multiple of 32 long.", nameof(spec));
        if (spec.MatrixType is not (GgmlType.Q8_0 or GgmlType.F16 or GgmlType.F32))
            throw new ArgumentException($"Matrices can be written as Q8_0, F16 or F32, not {spec.MatrixType}.", nameof(spec));
    }

    private static uint FileTypeOf(GgmlType type) => type switch
    {
        GgmlType.F32 => 0,
        GgmlType.F16 => 1,
        GgmlType.Q8_0 => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static void AddNorm(GgufWriter writer, string name, int length) =>
        writer.AddTensor(name, [(ulong)length], GgmlType.F32, stream =>
        {
            var bytes = new byte[length * 4];
            Quantization.EncodeF32(Enumerable.Repeat(1f, length).ToArray(), bytes);
            stream.Write(bytes);
        });

    /// <summary>A matrix of <paramref name="rows"/> rows of <paramref name="rowLength"/> values, uniform with the given standard deviation.</summary>
    private static void AddMatrix(GgufWriter writer, TestModelSpec spec, string name, int rowLength, int rows, float standardDeviation)
    {
        writer.AddTensor(name, [(ulong)rowLength, (ulong)rows], spec.MatrixType, stream =>
        {
            ulong tensorSeed = spec.Seed ^ StableHash(name);
            float bound = standardDeviation * MathF.Sqrt(3f);
            int rowBytes = spec.MatrixType switch
            {
                GgmlType.Q8_0 => rowLength / Quantization.Q8_0BlockElements * Quantization.Q8_0BlockBytes,
                GgmlType.F16 => rowLength * 2,
                _ => rowLength * 4,
            };
            // Each block of rows has its own generator, seeded by the tensor and the block's index, so blocks
            // can be filled in parallel and the bytes still do not depend on scheduling.
            const int rowsPerBlock = 256;
            int blockCount = (rows + rowsPerBlock - 1) / rowsPerBlock;
            int blocksPerRound = Math.Max(1, Environment.ProcessorCount) * 4;
            var buffers = new byte[Math.Min(blocksPerRound, blockCount)][];
            for (int i = 0; i < buffers.Length; i++)
                buffers[i] = new byte[rowBytes * rowsPerBlock];

            for (int firstBlock = 0; firstBlock < blockCount; firstBlock += blocksPerRound)
            {
                int roundBlocks = Math.Min(blocksPerRound, blockCount - firstBlock);
                Parallel.For(0, roundBlocks, slot =>
                {
                    int block = firstBlock + slot;
                    var random = new SplitMix64(tensorSeed + (ulong)block * 0xD1B54A32D192ED03);
                    var row = new float[rowLength];
                    int blockRows = Math.Min(rowsPerBlock, rows - block * rowsPerBlock);
                    for (int r = 0; r < blockRows; r++)
                    {
                        for (int i = 0; i < rowLength; i++)
                            row[i] = (random.NextUnitFloat() * 2f - 1f) * bound;
                        var target = buffers[slot].AsSpan(r * rowBytes, rowBytes);
                        switch (spec.MatrixType)
                        {
                            case GgmlType.Q8_0: Quantization.EncodeQ8_0(row, target); break;
                            case GgmlType.F16: Quantization.EncodeF16(row, target); break;
                            default: Quantization.EncodeF32(row, target); break;
                        }
                    }
                });
                for (int slot = 0; slot < roundBlocks; slot++)
                {
                    int block = firstBlock + slot;
                    int blockRows = Math.Min(rowsPerBlock, rows - block * rowsPerBlock);
                    stream.Write(buffers[slot], 0, blockRows * rowBytes);
                }
            }
        });
    }

    // FNV-1a: a hash that, unlike string.GetHashCode, is the same in every process.
    internal static ulong StableHash(string text)
    {
        ulong hash = 14695981039346656037;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
            hash = (hash ^ b) * 1099511628211;
        return hash;
    }

    /// <summary>A tiny, fully specified generator, so weights never depend on the runtime's Random.</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, 1) with 24 bits, exact in float.</summary>
        public float NextUnitFloat() => (Next() >> 40) * (1f / (1 << 24));
    }
}
