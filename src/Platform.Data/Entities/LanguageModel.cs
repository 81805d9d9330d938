namespace Platform.Data.Entities;

/// <summary>A GGUF model that runs can use: a local file or a URL to fetch it from, pinned by its SHA-256.</summary>
public class LanguageModel
{
    public long Id { get; set; }

    /// <summary>Unique display name, e.g. "qwen2.5-0.5b-instruct-q4_k_m".</summary>
    public required string Name { get; set; }

    /// <summary>Model family, e.g. "qwen2.5" or "llama-3.2".</summary>
    public string? Family { get; set; }

    public long? ParameterCount { get; set; }

    /// <summary>GGUF quantization type as llama.cpp names it, e.g. "Q4_K_M".</summary>
    public string? Quantization { get; set; }

    /// <summary>Absolute file path or http(s) URL of the GGUF file.</summary>
    public required string Location { get; set; }

    /// <summary>Lower-case hex SHA-256 of the GGUF file; null until it has been verified.</summary>
    public string? Sha256 { get; set; }

    public long? SizeBytes { get; set; }

    /// <summary>Jinja chat template, when it differs from the one embedded in the GGUF metadata.</summary>
    public string? ChatTemplate { get; set; }

    /// <summary>
    /// The GGUF declares random weights (every model Thoughtboard generates does, the demo model too): its scores
    /// are near zero by design, and pages say so wherever they show them.
    /// </summary>
    public bool RandomWeights { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<Run> Runs { get; set; } = [];
}
