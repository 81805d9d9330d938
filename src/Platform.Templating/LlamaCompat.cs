namespace Platform.Templating;

/// <summary>What llama.cpp's common/chat.cpp does around a template, for the inputs Thoughtboard sends (no tools).</summary>
internal static class LlamaCompat
{
    public const string Ministral3 = "Ministral/Magistral Large 3";
    public const string GptOss = "GPT-OSS";

    private static bool Has(string s, string part) => s.Contains(part, StringComparison.Ordinal);

    /// <summary>llama.cpp replaces two known conditions that would otherwise raise on valid conversations.</summary>
    public static string PatchSource(string source)
    {
        if (Has(source, "<|channel|>") && Has(source, "in message.content or"))
            source = source.Replace(
                "{%- if \"<|channel|>analysis<|message|>\" in message.content or \"<|channel|>final<|message|>\" in message.content %}",
                "{%- if false %}", StringComparison.Ordinal);
        if (Has(source, "[TOOL_CALLS]") && Has(source, "if (message['content'] is none or"))
            source = source.Replace(
                "{%- if (message['content'] is none or message['content'] == '' or message['content']|length == 0) and (message['tool_calls'] is not defined or message['tool_calls'] is none or message['tool_calls']|length == 0) %}",
                "{%- if false %}", StringComparison.Ordinal);
        return source;
    }

    /// <summary>The dedicated handler common_chat_try_specialized_template picks, tested in its order.</summary>
    public static string? SpecialisedHandler(string src)
    {
        if (Has(src, "[SYSTEM_PROMPT]") && Has(src, "[TOOL_CALLS]") && Has(src, "[ARGS]") && !Has(src, "[CALL_ID]")) return Ministral3;
        if (Has(src, "<|channel|>")) return GptOss;
        if (Has(src, "<atem:function_calls>") && Has(src, "<|eom|>")) return "Muse Glimmer";
        if (Has(src, ">>>all") && Has(src, ">>>${recipient}")) return "Functionary v3.2";
        if (Has(src, "<|tool_calls_section_begin|>") && Has(src, "<|tool_call_begin|>")) return "Kimi K2";
        if (Has(src, "<|open|>") && Has(src, "<|close|>") && Has(src, "<|end_of_msg|>")) return "Kimi K3";
        if (Has(src, "<role>ASSISTANT</role>") && Has(src, "<arg_key>")) return "Ling 3.0";
        if (Has(src, "<|START_TEXT|>") && Has(src, "<|START_ACTION|>")) return "Cohere2 MoE";
        if (Has(src, "<|tool_list_start|>") && Has(src, "<|tool_list_end|>")) return "LFM2";
        if (Has(src, "List of tools: [") && !Has(src, "<|tool_list_start|>")) return "LFM2.5";
        if (Has(src, "<|role_sep|>") && Has(src, "<|message_sep|>") && !Has(src, "<|function_call|>")) return "GigaChatV3";
        if (Has(src, "]<]minimax[>[") && Has(src, "<tool_call>") && Has(src, "<invoke name=")) return "MiniMax-M3";
        if (Has(src, "dsml_token") && Has(src, "DSML") && (Has(src, "function_calls") || Has(src, "tool_calls"))) return "DeepSeek V3.2/V4";
        if (Has(src, "'<|tool_call>call:'")) return "Gemma4";
        if (Has(src, "Tool usage guidelines:") && Has(src, "<function name=\"") && Has(src, "<param name=\"")) return "MiniCPM5";
        if (Has(src, "<tool_call>") && Has(src, "<function=") && Has(src, "<parameter=")
            && !Has(src, "'<tool_call><function=' ~ tool_call.name ~ '>'")) return "Qwen3-Coder";
        return null;
    }

    /// <summary>StepFun 3.5's template: llama.cpp trims every message, as leftover whitespace sends the model into loops.</summary>
    public static bool TrimsContent(string src) => Has(src, "You have access to the following functions in JSONSchema format");

    public static string TrimWhitespace(string s) => s.Trim(' ', '\t', '\n', '\v', '\f', '\r');

    public static ArrayValue TextPart(string text)
    {
        var part = new ObjectValue();
        part.Set("type", new StringValue("text"));
        part.Set("text", new StringValue(text));
        return new ArrayValue([part]);
    }

    public static void MapDeveloperToSystem(ArrayValue messages)
    {
        foreach (var m in messages.Items.OfType<ObjectValue>())
            if (m.Get("role", new UndefinedValue()) is StringValue { Text: "developer" }) m.Set("role", new StringValue("system"));
    }

    /// <summary>A template that ignores the system message gets it prepended to the next message, as llama.cpp does.</summary>
    public static void MergeSystemIntoNext(ArrayValue messages)
    {
        if (messages.Items.Count == 0 || messages.Items[0] is not ObjectValue first
            || first.Get("role", new UndefinedValue()) is not StringValue { Text: "system" }) return;
        if (messages.Items.Count > 1)
        {
            var second = (ObjectValue)messages.Items[1];
            if (first.Get("content") is not StringValue a || second.Get("content") is not StringValue b)
                throw new TemplateException("llama.cpp cannot merge a system message whose content is not a string");
            second.Set("content", new StringValue(a.Text + "\n" + b.Text));
        }
        messages.Items.RemoveAt(0);
    }

    /// <summary>The Ministral 3 handler gives system and assistant messages typed content blocks.</summary>
    public static ArrayValue TypedSystemAndAssistant(ArrayValue messages)
    {
        var adjusted = new ArrayValue();
        foreach (var item in messages.Items)
        {
            var m = (ObjectValue)item;
            var role = m.Get("role", new UndefinedValue()) as StringValue;
            if (role?.Text is not ("system" or "assistant")) { adjusted.Add(m); continue; }
            var blocks = new ArrayValue();
            var content = m.Get("content", new UndefinedValue());
            if (content is StringValue s) blocks.Items.AddRange(TextPart(s.Text).Items);
            else if (content is ArrayValue parts) blocks.Items.AddRange(parts.Items);
            var copy = m.CopyWith(m.Pairs);
            copy.Set("content", blocks);
            adjusted.Add(copy);
        }
        return adjusted;
    }
}

/// <summary>What llama.cpp learns by rendering probe conversations and watching which inputs the template reads.</summary>
public sealed record TemplateCapabilities(bool SupportsStringContent, bool SupportsTypedContent, bool SupportsSystemRole)
{
    private const string Marker = "STRING_MARKER";

    internal static TemplateCapabilities Probe(Template template)
    {
        bool stringContent = true, typedContent = false, systemRole = true, checksForString = false;

        var (content, ok, output) = Run(template, ("user", new StringValue(Marker)));
        if (content.HasOp("test_is_string")) checksForString = true;
        bool asArray = content.HasOp("selectattr") || content.HasOp("array_access");
        if (asArray) typedContent = true;
        if (!ok) stringContent = false;
        else if (asArray && !output.Contains(Marker, StringComparison.Ordinal)) stringContent = false;

        if (checksForString)
        {
            var (typed, typedOk, _) = Run(template, ("user", new ArrayValue()));
            if ((typed.HasOp("selectattr") || typed.HasOp("array_access")) && typedOk) typedContent = true;
        }

        var (system, _, _) = Run(template, ("system", new StringValue("System message")), ("user", new StringValue("User message")));
        if (!system.Used) systemRole = false;
        return new TemplateCapabilities(stringContent, typedContent, systemRole);
    }

    private static (Value FirstContent, bool Ok, string Output) Run(Template template, params (string Role, Value Content)[] messages)
    {
        var list = new ArrayValue();
        foreach (var (role, content) in messages)
        {
            var m = new ObjectValue();
            m.Set("role", new StringValue(role));
            m.Set("content", content);
            list.Add(m);
        }
        var vars = new ObjectValue();
        vars.Set("messages", list);
        vars.Set("tools", new ArrayValue());
        vars.Set("bos_token", new StringValue(""));
        vars.Set("eos_token", new StringValue(""));
        vars.Set("add_generation_prompt", new BoolValue(true));
        try
        {
            return (messages[0].Content, true, template.Render(vars, DateTime.UtcNow, collectUsage: true));
        }
        catch (Exception)
        {
            // As in llama.cpp, any failure of a probe only means "not supported".
            return (messages[0].Content, false, "");
        }
    }
}
