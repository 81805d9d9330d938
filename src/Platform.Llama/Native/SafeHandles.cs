using Microsoft.Win32.SafeHandles;

namespace Platform.Llama.Native;

/// <summary>Owns a <c>llama_model*</c>; freed when the last user (including contexts) lets go.</summary>
internal sealed class SafeLlamaModelHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeLlamaModelHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_model_free(handle);
        return true;
    }
}

/// <summary>
/// Owns a <c>llama_context*</c>. The context holds a reference on its model so the model cannot be
/// freed underneath it, whatever order the managed objects are disposed or finalized in.
/// </summary>
internal sealed class SafeLlamaContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private SafeLlamaModelHandle? _model;

    public SafeLlamaContextHandle() : base(ownsHandle: true) { }

    public static SafeLlamaContextHandle Create(SafeLlamaModelHandle model, LlamaContextParams parameters)
    {
        bool addedReference = false;
        model.DangerousAddRef(ref addedReference);
        try
        {
            var context = LlamaNative.llama_init_from_model(model, parameters);
            if (context.IsInvalid)
                throw new LlamaException(
                    $"llama.cpp could not create a context of {parameters.ContextLength} tokens for {parameters.MaxSequences} sequences" +
                    NativeLog.RecentErrors() + ". Lower the context size or the number of parallel sequences.");
            context._model = model;
            addedReference = false; // the context now owns the reference
            return context;
        }
        finally
        {
            if (addedReference)
                model.DangerousRelease();
        }
    }

    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_free(handle);
        _model?.DangerousRelease();
        _model = null;
        return true;
    }
}

/// <summary>Owns a sampler chain; samplers added to the chain belong to it and are freed with it.</summary>
internal sealed class SafeLlamaSamplerHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeLlamaSamplerHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_sampler_free(handle);
        return true;
    }
}
