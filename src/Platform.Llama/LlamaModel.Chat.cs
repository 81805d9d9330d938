using System.Text;
using System.Text.Json;
using Platform.Templating;

namespace Platform.Llama;

public sealed partial class LlamaModel
{
    private readonly Lazy<(ChatTemplate? Template, string? Error)> _jinja;

    /// <summary>The date the chat template is rendered for (<see cref="LlamaModelOptions.PromptDate"/>).</summary>
    public DateTime PromptDate { get; }

    /// <summary>Why the model's template cannot be used by our Jinja engine, or null when it can (or there is none).</summary>
    public string? ChatTemplateError => _jinja.Value.Error;

    private (ChatTemplate?, string?) ParseTemplate()
    {
        if (Info.ChatTemplate is not { } source) return (null, null);
        try
        {
            return (ChatTemplate.Parse(source), null);
        }
        catch (TemplateException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>
    /// Formats a conversation with the model's own Jinja chat template, rendered as llama.cpp's Jinja engine
    /// renders it (Platform.Templating), with <see cref="PromptDate"/> as the date and the vocabulary's BOS/EOS
    /// texts as bos_token/eos_token. A BOS (or EOS) text the tokenizer adds by itself is left out of the text, as
    /// llama.cpp does, so tokenizing with special tokens parsed gives one BOS, not two. When the template does not
    /// render, llama.cpp's built-in matcher is tried, then ChatML (<see cref="FormatChatMl"/>); the prompt says
    /// which was used and why. <paramref name="templateArguments"/> (llama.cpp's chat_template_kwargs, e.g.
    /// enable_thinking) are set over the template's variables; the fallback formats have no variables and ignore them.
    /// </summary>
    public ChatPrompt ApplyChatTemplate(
        IReadOnlyList<LlamaChatMessage> messages, bool addAssistantPrompt = true, IReadOnlyDictionary<string, JsonElement>? templateArguments = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Info.ChatTemplate is null)
            return new ChatPrompt(FormatChatMl(messages, addAssistantPrompt), UsedFallback: true, ChatPromptSource.ChatMl, "the model has no chat template");

        var (template, parseError) = _jinja.Value;
        string reason;
        if (template is null) reason = parseError!;
        else
        {
            try
            {
                var text = template.Apply(new ChatRequest
                {
                    Messages = messages.Select(m => new ChatMessage(m.Role, m.Content)).ToList(),
                    AddGenerationPrompt = addAssistantPrompt,
                    BosToken = SpecialTokenText(Info.SpecialTokens.Bos),
                    EosToken = SpecialTokenText(Info.SpecialTokens.Eos),
                    AddBos = Info.SpecialTokens.AddsBos,
                    AddEos = EngineModel.Facts.AddsEos,
                    Now = PromptDate,
                    Kwargs = templateArguments ?? new Dictionary<string, JsonElement>(),
                });
                return new ChatPrompt(text, UsedFallback: false);
            }
            catch (TemplateException e)
            {
                reason = e.Message;
            }
        }
        return EngineModel.ApplyBuiltinChatTemplate(Info.ChatTemplate, messages, addAssistantPrompt) is { } builtin
            ? new ChatPrompt(builtin, UsedFallback: true, ChatPromptSource.LlamaBuiltin, reason)
            : new ChatPrompt(FormatChatMl(messages, addAssistantPrompt), UsedFallback: true, ChatPromptSource.ChatMl, reason);
    }

    /// <summary>A special token's text as llama.cpp gives it to templates; empty for a token the vocabulary lacks.</summary>
    private string SpecialTokenText(int token)
    {
        if (token < 0) return "";
        Span<byte> buffer = stackalloc byte[256];
        int length = EngineModel.TokenToPiece(token, buffer, special: true);
        if (length < 0)
        {
            var larger = new byte[-length];
            length = EngineModel.TokenToPiece(token, larger, special: true);
            return Encoding.UTF8.GetString(larger, 0, length);
        }
        return length > 0 ? Encoding.UTF8.GetString(buffer[..length]) : "";
    }

    /// <summary>
    /// The last-resort format: each message as <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c>, then
    /// <c>&lt;|im_start|&gt;assistant\n</c> when an answer is expected.
    /// </summary>
    public static string FormatChatMl(IReadOnlyList<LlamaChatMessage> messages, bool addAssistantPrompt)
    {
        var text = new StringBuilder();
        foreach (var message in messages)
            text.Append("<|im_start|>").Append(message.Role).Append('\n').Append(message.Content).Append("<|im_end|>\n");
        if (addAssistantPrompt)
            text.Append("<|im_start|>assistant\n");
        return text.ToString();
    }
}
