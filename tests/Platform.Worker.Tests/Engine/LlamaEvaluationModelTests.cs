using Platform.Evaluation.Models;
using Platform.Llama;
using Platform.Gguf;
using Platform.Worker.Engine;

namespace Platform.Worker.Tests.Engine;

/// <summary>The adapter on a generated tiny model (written once into a temp cache, never committed).</summary>
public sealed class LlamaEvaluationModelFixture : IDisposable
{
    public LlamaEvaluationModelFixture()
    {
        LlamaBackend.Initialize(); // walks up to .native/, or explains how to fetch the libraries
        string directory = Path.Combine(Path.GetTempPath(), "thoughtboard-test-models");
        Path_ = TestModelGenerator.EnsureModel(TestModelSpec.Tiny, directory);
        Model = LlamaEvaluationModel.Load(Path_, generatorOptions: new BatchedGeneratorOptions { Sequences = 3, SequenceLength = 512, Threads = 1 }, name: "tiny");
    }

    public string Path_ { get; }

    public LlamaEvaluationModel Model { get; }

    public void Dispose() => Model.Dispose();
}

public sealed class LlamaEvaluationModelTests(LlamaEvaluationModelFixture fixture) : IClassFixture<LlamaEvaluationModelFixture>
{
    private static readonly ChatMessage[] Conversation =
    [
        new(ChatRole.System, "Answer with one number."),
        new(ChatRole.User, "What is 6 times 7?"),
    ];

    private LlamaEvaluationModel Model => fixture.Model;

    [Fact]
    public async Task Greedy_completion_is_the_generator_output_for_the_chat_templated_prompt()
    {
        var completions = await Model.GenerateAsync(new GenerateRequest(Conversation, SamplingSettings.Greedy with { MaxTokens = 10 }), CancellationToken.None);

        var completion = Assert.Single(completions);
        string prompt = "<|im_start|>system\nAnswer with one number.<|im_end|>\n<|im_start|>user\nWhat is 6 times 7?<|im_end|>\n<|im_start|>assistant\n";
        var direct = await Model.Generator.GenerateAsync(new GenerationRequest { Prompt = prompt, MaxTokens = 10 });
        Assert.Equal(direct.Samples[0].Text, completion.Text);
        Assert.Equal(direct.PromptTokens, completion.PromptTokens);
        Assert.Equal(Model.Generator.Model.Tokenize(prompt, addSpecial: true, parseSpecial: true).Length, completion.PromptTokens);
        Assert.Equal(10, completion.OutputTokens);
        Assert.True(completion.Truncated);
        Assert.True(completion.Latency > TimeSpan.Zero);
        Assert.Equal("tiny", Model.Name);
        Assert.False(Model.UsesChatTemplateFallback);
    }

    [Fact]
    public async Task Few_shot_turns_of_a_style_go_through_the_chat_template_in_order()
    {
        // Chain of Draft (StyleBench's and ours) sends worked examples as earlier user and assistant turns.
        ChatMessage[] fewShot =
        [
            new(ChatRole.System, "Be terse."),
            new(ChatRole.User, "2 + 2?"),
            new(ChatRole.Assistant, "<answer> 4 </answer>"),
            new(ChatRole.User, "3 + 3?"),
        ];
        var completion = (await Model.GenerateAsync(new GenerateRequest(fewShot, SamplingSettings.Greedy with { MaxTokens = 6 }), CancellationToken.None))[0];

        string prompt = "<|im_start|>system\nBe terse.<|im_end|>\n<|im_start|>user\n2 + 2?<|im_end|>\n" +
            "<|im_start|>assistant\n<answer> 4 </answer><|im_end|>\n<|im_start|>user\n3 + 3?<|im_end|>\n<|im_start|>assistant\n";
        var direct = await Model.Generator.GenerateAsync(new GenerationRequest { Prompt = prompt, MaxTokens = 6 });
        Assert.Equal(Model.Generator.Model.Tokenize(prompt, addSpecial: true, parseSpecial: true).Length, completion.PromptTokens);
        Assert.Equal(direct.Samples[0].Text, completion.Text);
    }

    [Fact]
    public async Task Samples_use_seed_plus_index_even_when_there_are_more_than_slots()
    {
        var sampling = new SamplingSettings { Temperature = 0.9f, TopP = 0.95f, MaxTokens = 8, Seed = 500 };
        var five = await Model.GenerateAsync(new GenerateRequest(Conversation, sampling, Samples: 5), CancellationToken.None);
        Assert.Equal(5, five.Count);

        for (int i = 0; i < 5; i++)
        {
            var single = await Model.GenerateAsync(new GenerateRequest(Conversation, sampling with { Seed = 500 + (ulong)i }), CancellationToken.None);
            Assert.Equal(single[0].Text, five[i].Text);
        }
        Assert.True(five.Select(c => c.Text).Distinct().Count() >= 3, "different seeds gave nearly identical samples");
    }

    [Fact]
    public async Task Stop_strings_pass_through()
    {
        var full = (await Model.GenerateAsync(new GenerateRequest(Conversation, SamplingSettings.Greedy with { MaxTokens = 24 }), CancellationToken.None))[0];
        Assert.True(full.Text.Length > 10, $"output too short to test: '{full.Text}'");
        string stop = full.Text.Substring(6, 2);
        var stopped = (await Model.GenerateAsync(new GenerateRequest(Conversation, SamplingSettings.Greedy with { MaxTokens = 24 }, Stop: [stop]), CancellationToken.None))[0];
        Assert.Equal(full.Text[..full.Text.IndexOf(stop, StringComparison.Ordinal)], stopped.Text);
        Assert.False(stopped.Truncated);
    }

    [Fact]
    public async Task Concurrent_calls_all_complete_with_their_own_answers()
    {
        var questions = Enumerable.Range(1, 7).Select(i => new ChatMessage[] { new(ChatRole.User, $"What is {i} plus {i * 3}?") }).ToArray();
        var together = await Task.WhenAll(questions.Select(q => Model.GenerateAsync(new GenerateRequest(q, SamplingSettings.Greedy with { MaxTokens = 6 }), CancellationToken.None)));
        for (int i = 0; i < questions.Length; i++)
        {
            var alone = await Model.GenerateAsync(new GenerateRequest(questions[i], SamplingSettings.Greedy with { MaxTokens = 6 }), CancellationToken.None);
            Assert.Equal(alone[0].Text, together[i][0].Text);
        }
    }

    [Fact]
    public async Task Cancellation_reaches_the_engine()
    {
        using var cancellation = new CancellationTokenSource();
        // 450 tokens take hundreds of decode steps; the cancellation lands long before they are done.
        var running = Model.GenerateAsync(new GenerateRequest(Conversation, SamplingSettings.Greedy with { MaxTokens = 450 }), cancellation.Token);
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Model.GenerateAsync(new GenerateRequest(Conversation, SamplingSettings.Greedy), cancellation.Token));
    }
}
