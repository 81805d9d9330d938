using Platform.Gguf;

namespace Platform.Llama.Tests;

/// <summary>The model's own Jinja template formats prompts; llama.cpp's matcher and ChatML only when it does not render.</summary>
public sealed class ChatTemplateFallbackTests
{
    private static LlamaModel Load(string template, DateTime? promptDate = null)
    {
        _ = TestModels.Engine;
        var spec = TestModelSpec.Tiny with { ChatTemplate = template };
        var model = LlamaModel.Load(TestModelGenerator.EnsureModel(spec, TestModels.CacheDirectory), new LlamaModelOptions { PromptDate = promptDate });
        Assert.Equal(template, model.Info.ChatTemplate);
        return model;
    }

    [Fact]
    public void A_template_llama_cpps_matcher_does_not_know_is_rendered_by_our_jinja_engine()
    {
        using var model = Load("{% for m in messages %}[[{{ m['role'] }}]] {{ m['content'] }}\n{% endfor %}{% if add_generation_prompt %}[[assistant]]{% endif %}");
        var prompt = model.ApplyChatTemplate([new("user", "What is 2+2?")], addAssistantPrompt: true);
        Assert.False(prompt.UsedFallback);
        Assert.Equal(ChatPromptSource.Jinja, prompt.Source);
        Assert.Equal("[[user]] What is 2+2?\n[[assistant]]", prompt.Text);
    }

    [Fact]
    public void A_template_that_does_not_render_falls_back_to_llama_cpps_matcher_then_chatml_and_says_why()
    {
        LlamaChatMessage[] messages = [new("user", "What is 2+2?")];
        using (var unknown = Load("{% for m in messages %}{{ m.content | frobnicate }}{% endfor %}"))
        {
            var prompt = unknown.ApplyChatTemplate(messages, addAssistantPrompt: true);
            Assert.True(prompt.UsedFallback);
            Assert.Equal(ChatPromptSource.ChatMl, prompt.Source);
            Assert.Contains("frobnicate", prompt.FallbackReason);
            Assert.Equal(LlamaModel.FormatChatMl(messages, addAssistantPrompt: true), prompt.Text);
        }
        using (var chatml = Load("{{ '<|im_start|>' }}{{ raise_exception('this template refuses') }}"))
        {
            var prompt = chatml.ApplyChatTemplate(messages, addAssistantPrompt: true);
            Assert.Equal(ChatPromptSource.LlamaBuiltin, prompt.Source);
            Assert.Contains("this template refuses", prompt.FallbackReason);
            Assert.Equal("<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n", prompt.Text);
        }
    }

    [Fact]
    public void The_bos_a_template_writes_is_not_added_twice_and_special_tokens_stay_special()
    {
        using var model = Load("{{ bos_token }}{% for m in messages %}{{ m.content }}{{ eos_token }}{% endfor %}");
        Assert.True(model.Info.SpecialTokens.AddsBos);
        var prompt = model.ApplyChatTemplate([new("user", "Hello"), new("assistant", "Hi")], addAssistantPrompt: false);
        Assert.Equal("Hello</s>Hi</s>", prompt.Text);

        var tokens = model.Tokenize(prompt.Text, addSpecial: true, parseSpecial: true);
        Assert.Equal(model.Info.SpecialTokens.Bos, tokens[0]);
        Assert.Single(tokens, t => t == model.Info.SpecialTokens.Bos);
        Assert.Equal(2, tokens.Count(t => t == model.Info.SpecialTokens.Eos));
    }

    [Fact]
    public void Templates_see_the_models_prompt_date_not_the_clock()
    {
        using var model = Load("{{ strftime_now('%Y-%m-%d') }} {{ date_string }}", new DateTime(2024, 2, 29, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal("2024-02-29 29 Feb 2024", model.ApplyChatTemplate([new("user", "x")]).Text);
    }

    [Fact]
    public void The_chatml_fallback_without_assistant_prompt_ends_after_the_last_message()
    {
        string text = LlamaModel.FormatChatMl([new("system", "S"), new("user", "U")], addAssistantPrompt: false);
        Assert.Equal("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n", text);
    }
}
