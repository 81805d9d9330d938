using System.Text.Json;
using Platform.Data.Entities;

namespace Platform.Web.Api;

/// <summary>
/// How a run's prompts were formatted: <see cref="Path"/> is the worst path of any item (jinja: the model's own
/// template; builtin: llama.cpp's matcher after the template raised; fallback: ChatML), null before the first item
/// is stored; <see cref="FallbackItems"/> counts the items with at least one prompt not rendered by the template;
/// <see cref="TemplateArgs"/> are the keyword arguments the template was given (empty for none).
/// </summary>
public sealed record RunChatTemplate(
    ChatTemplatePath? Path, int FallbackItems, string? TemplateSha256, DateOnly? PromptDate, IReadOnlyDictionary<string, JsonElement> TemplateArgs)
{
    public static RunChatTemplate Of(Run run) =>
        new(run.ChatTemplatePath, run.ChatTemplateFallbackItems, run.ChatTemplateSha256, run.PromptDate, ArgumentsOf(run.DecodingSettingsJson));

    /// <summary>The template arguments stored with a run's settings; none when the settings hold none (or cannot be read).</summary>
    public static IReadOnlyDictionary<string, JsonElement> ArgumentsOf(string decodingSettingsJson)
    {
        try
        {
            using var document = JsonDocument.Parse(decodingSettingsJson);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("templateArgs", out var arguments) && arguments.ValueKind == JsonValueKind.Object)
                return arguments.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            // Settings are written by the submission service; a row that is not JSON shows no arguments.
        }
        return new Dictionary<string, JsonElement>();
    }
}
