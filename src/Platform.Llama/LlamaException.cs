namespace Platform.Llama;

/// <summary>
/// A failure of the inference engine that the user can act on: a missing or mismatched native library,
/// a model that cannot be loaded, a request that cannot be served. The message says what to do.
/// </summary>
public class LlamaException : Exception
{
    public LlamaException(string message) : base(message) { }

    public LlamaException(string message, Exception innerException) : base(message, innerException) { }
}
