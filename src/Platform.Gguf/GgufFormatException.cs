namespace Platform.Gguf;

/// <summary>The file is not a readable GGUF model: wrong magic, unsupported version, truncated or corrupt.</summary>
public sealed class GgufFormatException : Exception
{
    public GgufFormatException(string path, string problem)
        : base($"'{path}' is not a usable GGUF model file: {problem}")
    {
        FilePath = path;
    }

    public string FilePath { get; }
}
