using System.Text.Json;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets.Suites;
using Platform.Jobs.Catalog;
using Platform.Jobs.Runs;
using Platform.Llama;
using Platform.Gguf;
using Platform.Worker.Evaluation;

namespace Platform.Worker.Tests.Evaluation;

/// <summary>Template keyword arguments: the rules, the command line's reading, and that they reach the rendering.</summary>
public sealed class TemplateArgumentsTests
{
    /// <summary>Opens a thinking block unless enable_thinking is false, as Qwen3's template does.</summary>
    private const string ThinkingTemplate =
        "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}" +
        "{% if add_generation_prompt %}<|assistant|>{% if enable_thinking is defined and enable_thinking is false %}<think>\n\n</think>\n\n{% endif %}{% endif %}";

    private static readonly Lazy<string> Model = new(() =>
    {
        LlamaBackend.Initialize();
        return TestModelGenerator.EnsureModel(TestModelSpec.Tiny with { ChatTemplate = ThinkingTemplate }, Path.Combine(Path.GetTempPath(), "thoughtboard-test-models"));
    });

    private static Dictionary<string, JsonElement> Args(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    [Theory]
    [InlineData("enable_thinking=false", "false")]
    [InlineData("budget=0.5", "0.5")]
    [InlineData("effort=low", "\"low\"")]
    [InlineData("label=\"42\"", "\"42\"")]
    [InlineData("note=a=b", "\"a=b\"")]
    public void The_command_line_reads_json_scalars_and_takes_anything_else_as_text(string text, string json)
    {
        var (name, value) = TemplateArguments.ParseAssignment(text)!.Value;
        Assert.Equal(text[..text.IndexOf('=')], name);
        Assert.Equal(json, value.GetRawText());
    }

    [Fact]
    public void Text_without_a_name_is_not_an_assignment() => Assert.Null(TemplateArguments.ParseAssignment("=false"));

    [Fact]
    public void Valid_arguments_come_back_sorted_and_bad_ones_with_a_reason()
    {
        var (sorted, error) = TemplateArguments.Validate(Args("""{"z": 1, "a_1": true, "_x": "s"}"""));
        Assert.Null(error);
        Assert.Equal(["_x", "a_1", "z"], sorted!.Keys);

        Assert.Contains("not a name", TemplateArguments.Validate(Args("""{"a-b": 1}""")).Error);
        Assert.Contains("set by the chat layer", TemplateArguments.Validate(Args("""{"eos_token": "x"}""")).Error);
        Assert.Contains("not object", TemplateArguments.Validate(Args("""{"a": {}}""")).Error);
    }

    [Fact]
    public async Task Enable_thinking_false_changes_the_prompt_the_config_hash_and_is_recorded_in_the_header()
    {
        var request = new EvaluationRequest
        {
            ModelPath = Model.Value,
            Suite = SuiteCatalog.BuiltIn("arithmetic", seed: 3, itemsPerLevel: 1),
            Style = "direct",
            Limit = 1,
            MaxTokens = 4,
            Parallel = 1,
        };

        async Task<(EvaluationHeader Header, ItemRecord Record)> RunAsync(EvaluationRequest r)
        {
            using var session = await EvaluationSession.OpenAsync(r);
            ItemRecord? record = null;
            await foreach (var item in session.RunAsync())
                record = item;
            return (session.Header, record!);
        }

        var (plainHeader, plain) = await RunAsync(request);
        var (offHeader, off) = await RunAsync(request with { TemplateArgs = Args("""{"enable_thinking": false}""") });

        Assert.NotEqual(plainHeader.ConfigHash, offHeader.ConfigHash);
        Assert.Empty(plainHeader.TemplateArgs!);
        Assert.False(offHeader.TemplateArgs!["enable_thinking"].GetBoolean());
        Assert.Equal(ChatTemplatePath.Jinja, off.ChatTemplatePath);
        Assert.Equal(ChatTemplatePath.Jinja, plainHeader.Model.ChatTemplatePath);

        // The empty thinking block is in the prompt only when thinking is off.
        using var model = LlamaModel.Load(Model.Value);
        var messages = plain.Exchanges[0].Request.Messages.Select(m => new LlamaChatMessage(m.Role.ToString().ToLowerInvariant(), m.Content)).ToList();
        var offPrompt = model.ApplyChatTemplate(messages, templateArguments: Args("""{"enable_thinking": false}""")).Text;
        var plainPrompt = model.ApplyChatTemplate(messages).Text;
        Assert.EndsWith("<|assistant|><think>\n\n</think>\n\n", offPrompt);
        Assert.EndsWith("<|assistant|>", plainPrompt);
        Assert.Equal(model.Tokenize(plainPrompt, addSpecial: true, parseSpecial: true).Length, plain.PromptTokens);
        Assert.Equal(model.Tokenize(offPrompt, addSpecial: true, parseSpecial: true).Length, off.PromptTokens);
        Assert.NotEqual(plain.PromptTokens, off.PromptTokens);
    }

    [Fact]
    public void Without_arguments_the_config_hash_is_unchanged_so_older_logs_still_resume()
    {
        var suite = BuiltInSuites.Build("arithmetic@1", 3, 1);
        var header = Platform.Evaluation.Running.RunHeader.For(suite, Platform.Evaluation.Styles.StyleTable.Create("direct"), new Platform.Evaluation.Models.SamplingSettings());
        Assert.Equal(EvaluationHeader.ComputeConfigHash("abc", header, 1, null), EvaluationHeader.ComputeConfigHash("abc", header, 1, null, new Dictionary<string, JsonElement>()));
        Assert.NotEqual(EvaluationHeader.ComputeConfigHash("abc", header, 1, null), EvaluationHeader.ComputeConfigHash("abc", header, 1, null, Args("""{"enable_thinking": true}""")));
    }
}
