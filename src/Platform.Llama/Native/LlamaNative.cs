using System.Runtime.InteropServices;

namespace Platform.Llama.Native;

/// <summary>
/// The llama.cpp and ggml functions this project calls, and nothing else. Library names are logical;
/// <see cref="NativeLibraryResolver"/> maps them to the versioned files in the native folder.
/// </summary>
internal static unsafe partial class LlamaNative
{
    public const string Llama = "llama";
    public const string Ggml = "ggml";
    public const string GgmlBase = "ggml-base";

    // Backend and logging
    [LibraryImport(Llama)] public static partial void llama_backend_init();
    [LibraryImport(Llama)] public static partial void llama_log_set(delegate* unmanaged[Cdecl]<int, byte*, void*, void> callback, void* userData);
    [LibraryImport(Ggml, StringMarshalling = StringMarshalling.Utf8)] public static partial void ggml_backend_load_all_from_path(string directory);
    [LibraryImport(Ggml)] public static partial nuint ggml_backend_dev_count();
    [LibraryImport(Ggml)] public static partial nint ggml_backend_dev_get(nuint index);
    [LibraryImport(GgmlBase)] public static partial byte* ggml_backend_dev_name(nint device);
    [LibraryImport(GgmlBase)] public static partial byte* ggml_backend_dev_description(nint device);
    [LibraryImport(GgmlBase)] public static partial int ggml_backend_dev_type(nint device);

    // Defaults
    [LibraryImport(Llama)] public static partial LlamaModelParams llama_model_default_params();
    [LibraryImport(Llama)] public static partial LlamaContextParams llama_context_default_params();
    [LibraryImport(Llama)] public static partial LlamaSamplerChainParams llama_sampler_chain_default_params();

    // Model
    [LibraryImport(Llama, StringMarshalling = StringMarshalling.Utf8)]
    public static partial SafeLlamaModelHandle llama_model_load_from_file(string path, LlamaModelParams parameters);
    [LibraryImport(Llama)] public static partial void llama_model_free(nint model);
    [LibraryImport(Llama)] public static partial nint llama_model_get_vocab(SafeLlamaModelHandle model);
    [LibraryImport(Llama)] public static partial int llama_model_n_ctx_train(SafeLlamaModelHandle model);
    [LibraryImport(Llama)] public static partial int llama_model_n_embd(SafeLlamaModelHandle model);
    [LibraryImport(Llama)] public static partial int llama_model_n_layer(SafeLlamaModelHandle model);
    [LibraryImport(Llama)] public static partial ulong llama_model_n_params(SafeLlamaModelHandle model);
    [LibraryImport(Llama)] public static partial int llama_model_desc(SafeLlamaModelHandle model, byte* buffer, nuint bufferSize);
    [LibraryImport(Llama)] public static partial byte* llama_model_chat_template(SafeLlamaModelHandle model, byte* name);

    // Vocabulary (the vocab pointer is owned by the model and only used while the model is referenced)
    [LibraryImport(Llama)] public static partial int llama_vocab_n_tokens(nint vocab);
    [LibraryImport(Llama)] public static partial int llama_vocab_bos(nint vocab);
    [LibraryImport(Llama)] public static partial int llama_vocab_eos(nint vocab);
    [LibraryImport(Llama)] public static partial int llama_vocab_eot(nint vocab);
    [LibraryImport(Llama)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool llama_vocab_is_eog(nint vocab, int token);
    [LibraryImport(Llama)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool llama_vocab_get_add_bos(nint vocab);
    [LibraryImport(Llama)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool llama_vocab_get_add_eos(nint vocab);
    [LibraryImport(Llama)]
    public static partial int llama_tokenize(nint vocab, byte* text, int textLength, int* tokens, int maxTokens,
        [MarshalAs(UnmanagedType.U1)] bool addSpecial, [MarshalAs(UnmanagedType.U1)] bool parseSpecial);
    [LibraryImport(Llama)]
    public static partial int llama_token_to_piece(nint vocab, int token, byte* buffer, int length, int leftStrip,
        [MarshalAs(UnmanagedType.U1)] bool special);
    [LibraryImport(Llama)]
    public static partial int llama_detokenize(nint vocab, int* tokens, int tokenCount, byte* text, int maxLength,
        [MarshalAs(UnmanagedType.U1)] bool removeSpecial, [MarshalAs(UnmanagedType.U1)] bool unparseSpecial);

    // Chat templates
    [LibraryImport(Llama)]
    public static partial int llama_chat_apply_template(byte* template, NativeChatMessage* messages, nuint messageCount,
        [MarshalAs(UnmanagedType.U1)] bool addAssistant, byte* buffer, int length);

    // Context, memory and decoding
    [LibraryImport(Llama)] public static partial SafeLlamaContextHandle llama_init_from_model(SafeLlamaModelHandle model, LlamaContextParams parameters);
    [LibraryImport(Llama)] public static partial void llama_free(nint context);
    [LibraryImport(Llama)] public static partial uint llama_n_ctx_seq(SafeLlamaContextHandle context);
    [LibraryImport(Llama)] public static partial nint llama_get_memory(SafeLlamaContextHandle context);
    [LibraryImport(Llama)] [return: MarshalAs(UnmanagedType.U1)] public static partial bool llama_memory_seq_rm(nint memory, int sequence, int fromPosition, int toPosition);
    [LibraryImport(Llama)] public static partial void llama_memory_seq_cp(nint memory, int source, int destination, int fromPosition, int toPosition);
    [LibraryImport(Llama)] public static partial LlamaBatch llama_batch_init(int tokenCapacity, int embeddingLength, int maxSequencesPerToken);
    [LibraryImport(Llama)] public static partial void llama_batch_free(LlamaBatch batch);
    [LibraryImport(Llama)] public static partial int llama_decode(SafeLlamaContextHandle context, LlamaBatch batch);

    // Sampling
    [LibraryImport(Llama)] public static partial SafeLlamaSamplerHandle llama_sampler_chain_init(LlamaSamplerChainParams parameters);
    [LibraryImport(Llama)] public static partial void llama_sampler_chain_add(SafeLlamaSamplerHandle chain, nint sampler);
    [LibraryImport(Llama)] public static partial nint llama_sampler_init_greedy();
    [LibraryImport(Llama)] public static partial nint llama_sampler_init_dist(uint seed);
    [LibraryImport(Llama)] public static partial nint llama_sampler_init_top_k(int k);
    [LibraryImport(Llama)] public static partial nint llama_sampler_init_top_p(float p, nuint minKeep);
    [LibraryImport(Llama)] public static partial nint llama_sampler_init_min_p(float p, nuint minKeep);
    [LibraryImport(Llama)] public static partial nint llama_sampler_init_temp(float temperature);
    [LibraryImport(Llama)] public static partial int llama_sampler_sample(SafeLlamaSamplerHandle chain, SafeLlamaContextHandle context, int index);
    [LibraryImport(Llama)] public static partial void llama_sampler_free(nint sampler);
}
