using System.Runtime.InteropServices;
using System.Text;
using Platform.Llama.Engine;

namespace Platform.Llama.Native;

internal sealed unsafe class NativeEngineModel : IEngineModel
{
    private readonly SafeLlamaModelHandle _handle;
    private readonly nint _vocab;

    private NativeEngineModel(SafeLlamaModelHandle handle)
    {
        _handle = handle;
        _vocab = LlamaNative.llama_model_get_vocab(handle);
        Facts = ReadFacts();
    }

    public EngineModelFacts Facts { get; }

    public static NativeEngineModel Load(string path, EngineModelSettings settings)
    {
        var parameters = LlamaNative.llama_model_default_params();
        if (settings.GpuLayers is { } layers)
            parameters.GpuLayerCount = layers;
        if (settings.UseMmap is { } mmap)
            parameters.LoadMode = mmap ? 1 : 0; // LLAMA_LOAD_MODE_MMAP : LLAMA_LOAD_MODE_NONE
        var handle = LlamaNative.llama_model_load_from_file(path, parameters);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new LlamaException($"llama.cpp could not load '{path}'{NativeLog.RecentErrors()}.");
        }
        try
        {
            return new NativeEngineModel(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private EngineModelFacts ReadFacts()
    {
        var description = new byte[256];
        int length;
        fixed (byte* buffer = description)
            length = LlamaNative.llama_model_desc(_handle, buffer, (nuint)description.Length);
        string? template = NativeLog.Utf8(LlamaNative.llama_model_chat_template(_handle, null)) is { Length: > 0 } text ? text : null;
        return new EngineModelFacts(
            Encoding.UTF8.GetString(description, 0, Math.Clamp(length, 0, description.Length)),
            LlamaNative.llama_model_n_params(_handle),
            LlamaNative.llama_model_n_ctx_train(_handle),
            LlamaNative.llama_model_n_embd(_handle),
            LlamaNative.llama_model_n_layer(_handle),
            LlamaNative.llama_vocab_n_tokens(_vocab),
            template,
            new LlamaSpecialTokens(
                LlamaNative.llama_vocab_bos(_vocab),
                LlamaNative.llama_vocab_eos(_vocab),
                LlamaNative.llama_vocab_eot(_vocab),
                LlamaNative.llama_vocab_get_add_bos(_vocab)),
            LlamaNative.llama_vocab_get_add_eos(_vocab));
    }

    // The vocabulary pointer belongs to the native model, which a context may keep alive after this object's
    // Dispose; the calls below only need the native model to exist, which the scheduler's context guarantees.
    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
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

    public string Detokenize(ReadOnlySpan<int> tokens, bool removeSpecial, bool unparseSpecial)
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

    public int TokenToPiece(int token, Span<byte> destination, bool special)
    {
        fixed (byte* target = destination)
            return LlamaNative.llama_token_to_piece(_vocab, token, target, destination.Length, 0, special);
    }

    public bool IsEndOfGeneration(int token) => LlamaNative.llama_vocab_is_eog(_vocab, token);

    public string? ApplyBuiltinChatTemplate(string template, IReadOnlyList<LlamaChatMessage> messages, bool addAssistantPrompt) =>
        BuiltinChatTemplate.Apply(template, messages, addAssistantPrompt, LlamaNative.llama_chat_apply_template);

    public IEngineContext CreateContext(EngineContextSettings settings) => new NativeEngineContext(_handle, settings);

    public void Dispose() => _handle.Dispose();
}
