using Platform.Gguf;
using Platform.Llama.Engine;

namespace Platform.Llama;

public sealed record LlamaModelOptions
{
    /// <summary>Layers to offload to the GPU; null keeps llama.cpp's default (all layers, when a GPU is registered).</summary>
    public int? GpuLayers { get; init; }

    /// <summary>Memory-map the file (true) or read it (false); null lets llama.cpp choose.</summary>
    public bool? UseMmap { get; init; }

    /// <summary>Used if the backend is not initialized yet.</summary>
    public LlamaBackendOptions? Backend { get; init; }

    /// <summary>
    /// The date chat templates see (date_string, strftime_now...); null takes today's UTC date when the model loads,
    /// so every prompt of one loaded model is the same whatever the clock says later.
    /// </summary>
    public DateTime? PromptDate { get; init; }
}

public sealed record LlamaSpecialTokens(int Bos, int Eos, int Eot, bool AddsBos);

public sealed record LlamaModelInfo(
    string Path,
    string Name,
    string Architecture,
    string Description,
    ulong ParameterCount,
    string FileType,
    long FileSize,
    int TrainingContextLength,
    int EmbeddingLength,
    int LayerCount,
    int VocabularySize,
    string? ChatTemplate,
    LlamaSpecialTokens SpecialTokens);

/// <summary>One chat turn; <see cref="Role"/> is usually system, user or assistant.</summary>
public sealed record LlamaChatMessage(string Role, string Content);

/// <summary>How a prompt was formatted.</summary>
public enum ChatPromptSource
{
    /// <summary>The model's own Jinja template, rendered by Platform.Templating as llama.cpp's Jinja renders it.</summary>
    Jinja,
    /// <summary>The template did not render; llama.cpp's built-in matcher (<c>llama_chat_apply_template</c>) recognised it.</summary>
    LlamaBuiltin,
    /// <summary>No template, or neither of the above could format it: the documented ChatML format.</summary>
    ChatMl,
}

/// <summary>
/// A formatted prompt. <see cref="UsedFallback"/> is true when the model's own template was not what rendered it
/// (<see cref="Source"/> says what did, <see cref="FallbackReason"/> why).
/// </summary>
public sealed record ChatPrompt(string Text, bool UsedFallback, ChatPromptSource Source = ChatPromptSource.Jinja, string? FallbackReason = null);

/// <summary>
/// A loaded GGUF model: metadata, tokenizer and chat template, on whichever engine this process runs
/// (<see cref="LlamaEngines"/>). Contexts are created by <see cref="BatchedGenerator"/>.
/// </summary>
public sealed partial class LlamaModel : IDisposable
{
    private volatile bool _disposed;

    private LlamaModel(IEngineModel engineModel, LlamaModelInfo info, DateTime promptDate)
    {
        EngineModel = engineModel;
        Info = info;
        PromptDate = promptDate;
        _jinja = new Lazy<(Platform.Templating.ChatTemplate?, string?)>(ParseTemplate);
    }

    /// <summary>The engine's model; after <see cref="Dispose"/> only generators created earlier may use it.</summary>
    internal IEngineModel EngineModel { get; }

    public LlamaModelInfo Info { get; }

    /// <summary>Loads a GGUF model, validating the file first so bad files fail with a clear message.</summary>
    /// <exception cref="GgufFormatException">The path is missing, a directory, or not a valid GGUF file.</exception>
    /// <exception cref="LlamaException">The libraries are missing, or llama.cpp rejects the model.</exception>
    public static LlamaModel Load(string path, LlamaModelOptions? options = null)
    {
        options ??= new LlamaModelOptions();
        var gguf = GgufFile.Read(path);
        var engine = LlamaEngines.Current;
        IEngineModel loaded;
        try
        {
            loaded = engine.LoadModel(Path.GetFullPath(path), new EngineModelSettings(options.GpuLayers, options.UseMmap, options.Backend));
        }
        catch (LlamaException e) when (e.Message.StartsWith("llama.cpp could not load", StringComparison.Ordinal))
        {
            throw new LlamaException(
                $"{e.Message.TrimEnd('.')} (architecture '{gguf.Architecture ?? "unknown"}'). " +
                "The file may be for an architecture this llama.cpp version does not support, or damaged.", e);
        }
        try
        {
            var facts = loaded.Facts;
            long? fileType = gguf.GetInteger("general.file_type");
            var info = new LlamaModelInfo(
                gguf.Path,
                gguf.GetString("general.name") ?? Path.GetFileNameWithoutExtension(gguf.Path),
                gguf.Architecture ?? "unknown",
                facts.Description,
                facts.ParameterCount,
                fileType is { } value ? GgufFileTypes.Name(value) : "unknown",
                gguf.FileSize,
                facts.TrainingContextLength,
                facts.EmbeddingLength,
                facts.LayerCount,
                facts.VocabularySize,
                facts.ChatTemplate,
                facts.SpecialTokens);
            return new LlamaModel(loaded, info, options.PromptDate ?? DateTime.UtcNow.Date);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    /// <param name="addSpecial">Add BOS (and EOS) as the model asks; true for the start of a prompt.</param>
    /// <param name="parseSpecial">Turn special-token text such as <c>&lt;|im_start|&gt;</c> into its token; true for chat-templated prompts.</param>
    public int[] Tokenize(string text, bool addSpecial = true, bool parseSpecial = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(text);
        return EngineModel.Tokenize(text, addSpecial, parseSpecial);
    }

    /// <summary>Joins tokens back into text (the inverse of <see cref="Tokenize"/>).</summary>
    public string Detokenize(ReadOnlySpan<int> tokens, bool removeSpecial = false, bool unparseSpecial = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return EngineModel.Detokenize(tokens, removeSpecial, unparseSpecial);
    }

    public bool IsEndOfGeneration(int token) => EngineModel.IsEndOfGeneration(token);

    /// <summary>The raw bytes of one token's text; a multi-byte character may be split across tokens.</summary>
    internal int TokenToPiece(int token, Span<byte> destination) => EngineModel.TokenToPiece(token, destination, special: false);

    /// <summary>
    /// Releases this object's hold on the native model. Generators created from it keep the native model
    /// alive until they are disposed too.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        EngineModel.Dispose();
    }
}
