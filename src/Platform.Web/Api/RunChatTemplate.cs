using Platform.Data.Entities;

namespace Platform.Web.Api;

/// <summary>
/// How a run's prompts were formatted: <see cref="Path"/> is the worst path of any item (jinja: the model's own
/// template; builtin: llama.cpp's matcher after the template raised; fallback: ChatML), null before the first item
/// is stored; <see cref="FallbackItems"/> counts the items with at least one prompt not rendered by the template.
/// </summary>
public sealed record RunChatTemplate(ChatTemplatePath? Path, int FallbackItems, string? TemplateSha256, DateOnly? PromptDate)
{
    public static RunChatTemplate Of(Run run) => new(run.ChatTemplatePath, run.ChatTemplateFallbackItems, run.ChatTemplateSha256, run.PromptDate);
}
