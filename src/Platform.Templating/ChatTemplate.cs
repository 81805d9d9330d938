using System.Text.Json;

namespace Platform.Templating;

public sealed record ChatMessage(string Role, string Content);

/// <summary>One conversation to turn into a prompt.</summary>
public sealed record ChatRequest
{
    public required IReadOnlyList<ChatMessage> Messages { get; init; }
    public bool AddGenerationPrompt { get; init; } = true;
    public string BosToken { get; init; } = "";
    public string EosToken { get; init; } = "";
    /// <summary>
    /// The tokenizer adds BOS (EOS) itself: a BOS text at the start (EOS text at the end) of the rendering is removed,
    /// as llama.cpp does with its vocabulary's add_bos/add_eos, so the prompt does not get the token twice.
    /// </summary>
    public bool AddBos { get; init; }
    public bool AddEos { get; init; }
    /// <summary>llama.cpp always passes enable_thinking, true unless asked otherwise.</summary>
    public bool EnableThinking { get; init; } = true;
    /// <summary>The date and time the prompt is made for; fixed by the caller so a prompt never depends on the clock.</summary>
    public required DateTime Now { get; init; }
    /// <summary>Extra template variables (chat_template_kwargs), as JSON values, set over the other variables (add_generation_prompt excepted), as llama.cpp does.</summary>
    public IReadOnlyDictionary<string, JsonElement> Kwargs { get; init; } = new Dictionary<string, JsonElement>();
}

/// <summary>
/// A model's chat template applied the way llama.cpp's common_chat_templates_apply does: the same source patches,
/// capability probing, message adjustments and extra variables, then the template itself.
/// </summary>
public sealed class ChatTemplate
{
    private ChatTemplate(Template template, TemplateCapabilities caps)
    {
        Template = template;
        Capabilities = caps;
    }

    public Template Template { get; }
    public TemplateCapabilities Capabilities { get; }
    private string Source => Template.Source;

    public static ChatTemplate Parse(string source)
    {
        var template = Template.Parse(LlamaCompat.PatchSource(source));
        return new ChatTemplate(template, TemplateCapabilities.Probe(template));
    }

    /// <summary>True when the template mentions the variable (e.g. "enable_thinking").</summary>
    public bool Mentions(string name) => Source.Contains(name, StringComparison.Ordinal);

    /// <summary>Which of llama.cpp's dedicated handlers the template would go through, or null (the generic path).</summary>
    public string? SpecialisedHandler => LlamaCompat.SpecialisedHandler(Source);

    public string Apply(ChatRequest request)
    {
        var messages = new ArrayValue();
        bool trim = LlamaCompat.TrimsContent(Source);
        foreach (var m in request.Messages)
        {
            var msg = new ObjectValue();
            msg.Set("role", new StringValue(m.Role));
            Value content = new StringValue(trim ? LlamaCompat.TrimWhitespace(m.Content) : m.Content);
            // A template that only reads typed content gets [{type: text, text: ...}].
            if (!Capabilities.SupportsStringContent && Capabilities.SupportsTypedContent) content = LlamaCompat.TextPart(m.Content);
            msg.Set("content", content);
            messages.Add(msg);
        }
        if (!Source.Contains("<|channel|>", StringComparison.Ordinal)) LlamaCompat.MapDeveloperToSystem(messages);
        if (!Capabilities.SupportsSystemRole) LlamaCompat.MergeSystemIntoNext(messages);

        var handler = SpecialisedHandler;
        if (handler == LlamaCompat.Ministral3) messages = LlamaCompat.TypedSystemAndAssistant(messages);

        var vars = new ObjectValue();
        vars.Set("messages", messages);
        vars.Set("bos_token", new StringValue(request.BosToken));
        vars.Set("eos_token", new StringValue(request.EosToken));
        vars.Set("enable_thinking", new BoolValue(request.EnableThinking));
        vars.Set("datetime", new StringValue(Strftime.Format("%b %d %Y", request.Now)));
        vars.Set("date_string", new StringValue(Strftime.Format("%d %b %Y", request.Now)));
        foreach (var (k, v) in request.Kwargs) vars.Set(k, JsonValues.FromJson(v));
        if (request.AddGenerationPrompt) vars.Set("add_generation_prompt", new BoolValue(true));

        var prompt = Template.Render(vars, request.Now);
        if (request.AddBos && request.BosToken.Length > 0 && prompt.StartsWith(request.BosToken, StringComparison.Ordinal))
            prompt = prompt[request.BosToken.Length..];
        if (request.AddEos && request.EosToken.Length > 0 && prompt.EndsWith(request.EosToken, StringComparison.Ordinal))
            prompt = prompt[..^request.EosToken.Length];
        if (handler == LlamaCompat.GptOss && !request.AddGenerationPrompt)
        {
            // llama.cpp ends a finished gpt-oss conversation with <|end|> instead of <|return|> when it will continue it.
            int at = prompt.LastIndexOf("<|return|>", StringComparison.Ordinal);
            if (at >= 0) prompt = prompt[..at] + "<|end|>" + prompt[(at + "<|return|>".Length)..];
        }
        return prompt;
    }
}
