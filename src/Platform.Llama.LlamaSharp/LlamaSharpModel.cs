using System.Runtime.InteropServices;
using System.Text;
using LLama.Native;
using Platform.Llama.Engine;

namespace Platform.Llama.LlamaSharp;

/// <summary>A model loaded by LLamaSharp. Its vocabulary is read once, so contexts can keep using it after <see cref="Dispose"/>.</summary>
internal sealed unsafe class LlamaSharpModel : IEngineModel
{
    private readonly SafeLlamaModelHandle _handle;
    private readonly SafeLlamaModelHandle.Vocabulary _vocabulary;
    private readonly nint _vocab;
    private readonly delegate* unmanaged[Cdecl]<nint, byte*, int, int*, int, byte, byte, int> _tokenize;
    private readonly delegate* unmanaged[Cdecl]<nint, int*, int, byte*, int, byte, byte, int> _detokenize;

    public LlamaSharpModel(SafeLlamaModelHandle handle)
    {
        _handle = handle;
        _vocabulary = handle.Vocab;
        // LLamaSharp keeps the vocabulary pointer type internal, so tokenizing goes to its own libllama's exports.
        var library = LlamaSharpEngine.Library;
        var getVocab = (delegate* unmanaged[Cdecl]<nint, nint>)NativeLibrary.GetExport(library, "llama_model_get_vocab");
        _vocab = getVocab(handle.DangerousGetHandle());
        _tokenize = (delegate* unmanaged[Cdecl]<nint, byte*, int, int*, int, byte, byte, int>)NativeLibrary.GetExport(library, "llama_tokenize");
        _detokenize = (delegate* unmanaged[Cdecl]<nint, int*, int, byte*, int, byte, byte, int>)NativeLibrary.GetExport(library, "llama_detokenize");
        Facts = new EngineModelFacts(
            handle.Description,
            handle.ParameterCount,
            handle.ContextSize,
            handle.EmbeddingSize,
            handle.LayerCount,
            _vocabulary.Count,
            handle.GetTemplate(null, strict: false) is { Length: > 0 } template ? template : null,
            new LlamaSpecialTokens(
                TokenOrNone(_vocabulary.BOS),
                TokenOrNone(_vocabulary.EOS),
                TokenOrNone(_vocabulary.EOT),
                _vocabulary.ShouldAddBOS),
            _vocabulary.ShouldAddEOS);
    }

    private static int TokenOrNone(LLamaToken? token) => token is { } value ? (int)value : -1;

    public EngineModelFacts Facts { get; }

    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        var tokens = new int[utf8.Length + 2];
        byte add = (byte)(addSpecial ? 1 : 0), parse = (byte)(parseSpecial ? 1 : 0);
        fixed (byte* source = utf8)
        {
            int count;
            fixed (int* target = tokens)
                count = _tokenize(_vocab, source, utf8.Length, target, tokens.Length, add, parse);
            if (count < 0)
            {
                if (count == int.MinValue)
                    throw new LlamaException($"The text ({utf8.Length} bytes) yields more tokens than llama.cpp can count.");
                tokens = new int[-count];
                fixed (int* target = tokens)
                    count = _tokenize(_vocab, source, utf8.Length, target, tokens.Length, add, parse);
            }
            return tokens[..count];
        }
    }

    public string Detokenize(ReadOnlySpan<int> tokens, bool removeSpecial, bool unparseSpecial)
    {
        var buffer = new byte[Math.Max(64, tokens.Length * 8)];
        byte remove = (byte)(removeSpecial ? 1 : 0), unparse = (byte)(unparseSpecial ? 1 : 0);
        fixed (int* source = tokens)
        {
            int length;
            fixed (byte* target = buffer)
                length = _detokenize(_vocab, source, tokens.Length, target, buffer.Length, remove, unparse);
            if (length < 0)
            {
                buffer = new byte[-length];
                fixed (byte* target = buffer)
                    length = _detokenize(_vocab, source, tokens.Length, target, buffer.Length, remove, unparse);
            }
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
    }

    public int TokenToPiece(int token, Span<byte> destination, bool special) =>
        NativeApi.llama_token_to_piece(_vocabulary, token, destination, 0, special);

    public bool IsEndOfGeneration(int token) => ((LLamaToken)token).IsEndOfGeneration(_vocabulary);

    public string? ApplyBuiltinChatTemplate(string template, IReadOnlyList<LlamaChatMessage> messages, bool addAssistantPrompt) =>
        BuiltinChatTemplate.Apply(template, messages, addAssistantPrompt,
            (text, chat, count, addAssistant, buffer, length) => NativeApi.llama_chat_apply_template(text, (LLama.Native.LLamaChatMessage*)chat, count, addAssistant, buffer, length));

    public IEngineContext CreateContext(EngineContextSettings settings) => new LlamaSharpContext(_handle, settings);

    public void Dispose() => _handle.Dispose();
}
