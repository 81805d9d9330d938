using Platform.Llama.Gguf;

namespace Platform.Llama.Tests;

public sealed class ChatTemplateFallbackTests
{
    [Fact]
    public void Unrecognised_template_falls_back_to_chatml_and_says_so()
    {
        LlamaBackend.Initialize();
        // Jinja that none of llama.cpp's built-in formats matches.
        var spec = TestModelSpec.Tiny with { ChatTemplate = "{% for m in messages %}[[{{ m['role'] }}]] {{ m['content'] }}\n{% endfor %}" };
        string path = TestModelGenerator.EnsureModel(spec, TestModels.CacheDirectory);
        using var model = LlamaModel.Load(path);
        Assert.Equal(spec.ChatTemplate, model.Info.ChatTemplate);

        LlamaChatMessage[] messages = [new("user", "What is 2+2?")];
        var prompt = model.ApplyChatTemplate(messages, addAssistantPrompt: true);
        Assert.True(prompt.UsedFallback);
        Assert.Equal("<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n", prompt.Text);
        Assert.Equal(LlamaModel.FormatChatMl(messages, addAssistantPrompt: true), prompt.Text);
    }

    [Fact]
    public void Fallback_without_assistant_prompt_ends_after_the_last_message()
    {
        string text = LlamaModel.FormatChatMl([new("system", "S"), new("user", "U")], addAssistantPrompt: false);
        Assert.Equal("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n", text);
    }
}
