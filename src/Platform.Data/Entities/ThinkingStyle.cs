namespace Platform.Data.Entities;

/// <summary>A thinking style with fixed parameters (e.g. self-consistency with 5 samples).</summary>
public class ThinkingStyle
{
    public long Id { get; set; }

    /// <summary>The style's factory name in the evaluation core, e.g. "cot" or "self-consistency".</summary>
    public required string Name { get; set; }

    public required string Version { get; set; }

    /// <summary>The style's parameters as a JSON object (jsonb).</summary>
    public string ParametersJson { get; set; } = "{}";

    public string Description { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
