using System.Runtime.InteropServices;
using System.Text;
using Platform.Gguf;
using Platform.Llama.Native;

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

/// <summary>A loaded GGUF model: metadata, tokenizer and chat template. Contexts are created by <see cref="BatchedGenerator"/>.</summary>
public sealed partial class LlamaModel : IDisposable
{
    private readonly nint _vocab;
    private volatile bool _disposed;

    private LlamaModel(SafeLlamaModelHandle handle, LlamaModelInfo info, DateTime promptDate)
    {
        Handle = handle;
        Info = info;
        _vocab = LlamaNative.llama_model_get_vocab(handle);
        PromptDate = promptDate;
        _jinja = new Lazy<(Platform.Templating.ChatTemplate?, string?)>(ParseTemplate);
    }

    internal SafeLlamaModelHandle Handle { get; }

    public LlamaModelInfo Info { get; }

    /// <summary>Loads a GGUF model, validating the file first so bad files fail with a clear message.</summary>
    /// <exception cref="GgufFormatException">The path is missing, a directory, or not a valid GGUF file.</exception>
    /// <exception cref="LlamaException">The libraries are missing, or llama.cpp rejects the model.</exception>
    public static LlamaModel Load(string path, LlamaModelOptions? options = null)
    {
        options ??= new LlamaModelOptions();
        var gguf = GgufFile.Read(path);
        LlamaBackend.Initialize(options.Backend);

        var parameters = LlamaNative.llama_model_default_params();
        if (options.GpuLayers is { } layers)
            parameters.GpuLayerCount = layers;
        if (options.UseMmap is { } mmap)
            parameters.LoadMode = mmap ? 1 : 0; // LLAMA_LOAD_MODE_MMAP : LLAMA_LOAD_MODE_NONE

        var handle = LlamaNative.llama_model_load_from_file(Path.GetFullPath(path), parameters);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new LlamaException(
                $"llama.cpp could not load '{path}' (architecture '{gguf.Architecture ?? "unknown"}'){LlamaBackend.RecentNativeErrors()}. " +
                "The file may be for an architecture this llama.cpp version does not support, or damaged.");
        }
        try
        {
            return new LlamaModel(handle, ReadInfo(handle, gguf), options.PromptDate ?? DateTime.UtcNow.Date);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static unsafe LlamaModelInfo ReadInfo(SafeLlamaModelHandle handle, GgufFile gguf)
    {
        nint vocab = LlamaNative.llama_model_get_vocab(handle);
        var description = new byte[256];
        int length;
        fixed (byte* buffer = description)
            length = LlamaNative.llama_model_desc(handle, buffer, (nuint)description.Length);
        string? template = LlamaBackend.Utf8(LlamaNative.llama_model_chat_template(handle, null)) is { Length: > 0 } text ? text : null;
        long? fileType = gguf.GetInteger("general.file_type");
        return new LlamaModelInfo(
            gguf.Path,
            gguf.GetString("general.name") ?? Path.GetFileNameWithoutExtension(gguf.Path),
            gguf.Architecture ?? "unknown",
            Encoding.UTF8.GetString(description, 0, Math.Clamp(length, 0, description.Length)),
            LlamaNative.llama_model_n_params(handle),
            fileType is { } value ? GgufFileTypes.Name(value) : "unknown",
            gguf.FileSize,
            LlamaNative.llama_model_n_ctx_train(handle),
            LlamaNative.llama_model_n_embd(handle),
            LlamaNative.llama_model_n_layer(handle),
            LlamaNative.llama_vocab_n_tokens(vocab),
            template,
            new LlamaSpecialTokens(
                LlamaNative.llama_vocab_bos(vocab),
                LlamaNative.llama_vocab_eos(vocab),
                LlamaNative.llama_vocab_eot(vocab),
                LlamaNative.llama_vocab_get_add_bos(vocab)));
    }

    /// <param name="addSpecial">Add BOS (and EOS) as the model asks; true for the start of a prompt.</param>
    /// <param name="parseSpecial">Turn special-token text such as <c>&lt;|im_start|&gt;</c> into its token; true for chat-templated prompts.</param>
    public int[] Tokenize(string text, bool addSpecial = true, bool parseSpecial = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return TokenizeForGenerator(text, addSpecial, parseSpecial);
    }

    /// <summary>
    /// Tokenizes even after <see cref="Dispose"/>: a generator holds its own reference on the native model,
    /// so it keeps serving text prompts when the caller has already let the model go.
    /// </summary>
    internal unsafe int[] TokenizeForGenerator(string text, bool addSpecial, bool parseSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        bool added = false;
        Handle.DangerousAddRef(ref added);
        try
        {
            var tokens = new int[utf8.Length + 2];
            fixed (byte* source = utf8)
            {
                int count;
                fixed (int* target = tokens)
                    count = LlamaNative.llama_tokenize(_vocab, source, utf8.Length, target, tokens.Length, addSpecial, parseSpecial);
                if (count < 0)
                {
                    if (count == int.MinValue)
                        throw new LlamaException($"The text ({utf8.Length} bytes) yields more tokens than llama.cpp can count.");
                    tokens = new int[-count];
                    fixed (int* target = tokens)
                        count = LlamaNative.llama_tokenize(_vocab, source, utf8.Length, target, tokens.Length, addSpecial, parseSpecial);
                }
                return tokens[..count];
            }
        }
        finally
        {
            if (added) Handle.DangerousRelease();
        }
    }

    /// <summary>Joins tokens back into text (the inverse of <see cref="Tokenize"/>).</summary>
    public unsafe string Detokenize(ReadOnlySpan<int> tokens, bool removeSpecial = false, bool unparseSpecial = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        bool added = false;
        Handle.DangerousAddRef(ref added);
        try
        {
            var buffer = new byte[Math.Max(64, tokens.Length * 8)];
            fixed (int* source = tokens)
            {
                int length;
                fixed (byte* target = buffer)
                    length = LlamaNative.llama_detokenize(_vocab, source, tokens.Length, target, buffer.Length, removeSpecial, unparseSpecial);
                if (length < 0)
                {
                    buffer = new byte[-length];
                    fixed (byte* target = buffer)
                        length = LlamaNative.llama_detokenize(_vocab, source, tokens.Length, target, buffer.Length, removeSpecial, unparseSpecial);
                }
                return Encoding.UTF8.GetString(buffer, 0, length);
            }
        }
        finally
        {
            if (added) Handle.DangerousRelease();
        }
    }

    /// <summary>The raw bytes of one token's text; a multi-byte character may be split across tokens.</summary>
    internal unsafe int TokenToPiece(int token, Span<byte> destination)
    {
        fixed (byte* target = destination)
            return LlamaNative.llama_token_to_piece(_vocab, token, target, destination.Length, 0, false);
    }

    public bool IsEndOfGeneration(int token) => LlamaNative.llama_vocab_is_eog(_vocab, token);

    /// <summary>
    /// Releases this object's hold on the native model. Generators created from it keep the native model
    /// alive until they are disposed too.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        Handle.Dispose();
    }
}
