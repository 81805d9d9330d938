namespace Platform.Templating.Tests;

public class ChatTemplateTests
{
    private static ChatRequest Request(params ChatMessage[] messages) => new() { Messages = messages, Now = Render.Now, BosToken = "<s>" };

    private const string Chatml =
        "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}" +
        "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

    [Fact]
    public void Renders_messages_and_the_generation_prompt_only_when_asked()
    {
        var t = ChatTemplate.Parse(Chatml);
        var messages = new[] { new ChatMessage("user", "Hi") };
        Assert.Equal("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", t.Apply(Request(messages)));
        Assert.Equal("<|im_start|>user\nHi<|im_end|>\n", t.Apply(Request(messages) with { AddGenerationPrompt = false }));
    }

    [Fact]
    public void A_template_that_never_reads_the_system_message_gets_it_prepended_to_the_next_turn()
    {
        // gemma-2 style: raises on a system role, so llama.cpp's probe finds the system content unread.
        var t = ChatTemplate.Parse(
            "{{ bos_token }}{% for m in messages %}{% if m.role == 'system' %}{{ raise_exception('System role not supported') }}" +
            "{% endif %}<turn>{{ m.role }}\n{{ m.content }}</turn>\n{% endfor %}");
        Assert.False(t.Capabilities.SupportsSystemRole);
        Assert.Equal("<s><turn>user\nBe brief.\nHi</turn>\n", t.Apply(Request(new("system", "Be brief."), new("user", "Hi"))));
    }

    [Fact]
    public void A_template_that_reads_only_typed_content_gets_text_parts()
    {
        var t = ChatTemplate.Parse("{% for m in messages %}{% for p in m.content %}[{{ p.type }}:{{ p.text }}]{% endfor %}{% endfor %}");
        Assert.True(t.Capabilities.SupportsTypedContent);
        Assert.False(t.Capabilities.SupportsStringContent);
        Assert.Equal("[text:Hi]", t.Apply(Request(new ChatMessage("user", "Hi"))));
    }

    [Fact]
    public void Passes_enable_thinking_the_dates_and_keyword_arguments()
    {
        var t = ChatTemplate.Parse("{{ enable_thinking }}|{{ date_string }}|{{ datetime }}|{{ strftime_now('%Y-%m-%d') }}|{{ extra }}");
        using var extra = System.Text.Json.JsonDocument.Parse("\"kw\"");
        var request = Request(new ChatMessage("user", "Hi")) with
        {
            EnableThinking = false,
            Kwargs = new Dictionary<string, System.Text.Json.JsonElement> { ["extra"] = extra.RootElement.Clone() },
        };
        Assert.Equal("False|05 Mar 2026|Mar 05 2026|2026-03-05|kw", t.Apply(request));
    }

    [Fact]
    public void A_developer_message_becomes_a_system_message()
    {
        var t = ChatTemplate.Parse("{% for m in messages %}{{ m.role }}:{{ m.content }};{% endfor %}");
        Assert.Equal("system:x;user:y;", t.Apply(Request(new("developer", "x"), new("user", "y"))));
    }

    [Fact]
    public void Names_the_specialised_llama_cpp_handler_it_mirrors()
    {
        Assert.Equal("GPT-OSS", ChatTemplate.Parse("{{ '<|channel|>' }}").SpecialisedHandler);
        Assert.Null(ChatTemplate.Parse(Chatml).SpecialisedHandler);
    }

    [Fact]
    public void A_broken_template_fails_at_parse_with_its_position()
    {
        var error = Assert.Throws<TemplateException>(() => ChatTemplate.Parse("line\n{% for m in messages %}{{ m.content }}"));
        Assert.Contains("missing {% endfor %}", error.Message);
    }

    [Fact]
    public void Messages_are_trimmed_only_for_the_template_llama_cpp_trims_them_for()
    {
        const string body = "{% for m in messages %}[{{ m.content }}]{% endfor %}";
        var message = new ChatMessage("user", "  spaced \n");
        Assert.Equal("[  spaced \n]", ChatTemplate.Parse(body).Apply(Request(message)));
        var stepFun = ChatTemplate.Parse("{# You have access to the following functions in JSONSchema format #}" + body);
        Assert.Equal("[spaced]", stepFun.Apply(Request(message)));
    }

    [Fact]
    public void Mirrors_the_gpt_oss_and_ministral_handlers_adjustments()
    {
        var gptOss = ChatTemplate.Parse("{# <|channel|> #}{% for m in messages %}{{ m.content }}{% if m.role == 'assistant' %}<|return|>{% endif %}{% endfor %}");
        var answered = Request(new("user", "q"), new("assistant", "a")) with { AddGenerationPrompt = false };
        Assert.Equal("qa<|end|>", gptOss.Apply(answered));
        Assert.Equal("qa<|return|>", gptOss.Apply(answered with { AddGenerationPrompt = true }));

        var ministral = ChatTemplate.Parse("{# [SYSTEM_PROMPT] [TOOL_CALLS] [ARGS] #}{% for m in messages %}{{ m.role }}:" +
            "{% if m.content is string %}{{ m.content }}{% else %}{% for b in m.content %}<{{ b.type }}>{{ b.text }}{% endfor %}{% endif %};{% endfor %}");
        Assert.Equal("system:<text>s;user:u;assistant:<text>a;", ministral.Apply(Request(new("system", "s"), new("user", "u"), new("assistant", "a"))));
    }
}
