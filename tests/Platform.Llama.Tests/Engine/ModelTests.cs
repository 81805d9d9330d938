namespace Platform.Llama.Tests;

[Collection(TinyModelCollection.Name)]
public sealed class ModelTests(TinyModelFixture fixture)
{
    private LlamaModel Model => fixture.Model;

    [Fact]
    public void Loaded_model_reports_its_metadata()
    {
        var info = Model.Info;
        Assert.Equal("llama", info.Architecture);
        Assert.Equal("thoughtboard-tiny", info.Name);
        Assert.Equal("F16", info.FileType);
        Assert.Equal(4096, info.TrainingContextLength);
        Assert.Equal(32, info.EmbeddingLength);
        Assert.Equal(2, info.LayerCount);
        Assert.Equal(32000, info.VocabularySize);
        // 2 x (32000 x 32) embeddings and output + 2 layers x (4 x 32x32 + 3 x 32x96) matrices + norms
        Assert.Equal(2UL * 32000 * 32 + 2 * (4 * 32 * 32 + 3 * 32 * 96 + 2 * 32) + 32, info.ParameterCount);
        Assert.Equal(new FileInfo(TestModels.Tiny).Length, info.FileSize);
        Assert.Contains("<|im_start|>", info.ChatTemplate);
        Assert.Equal(1, info.SpecialTokens.Bos);
        Assert.Equal(2, info.SpecialTokens.Eos);
        Assert.True(info.SpecialTokens.AddsBos);
    }

    [Theory]
    [InlineData("Hello world")]
    [InlineData("The quick brown fox jumps over 13 lazy dogs.")]
    [InlineData("naïve café, 東京 and emoji 🙂")]
    public void Tokenize_then_detokenize_returns_the_text(string text)
    {
        int[] plain = Model.Tokenize(text, addSpecial: false);
        Assert.True(plain.Length > 1);
        Assert.Equal(text, Model.Detokenize(plain));

        int[] withBos = Model.Tokenize(text, addSpecial: true);
        Assert.Equal(Model.Info.SpecialTokens.Bos, withBos[0]);
        Assert.Equal(plain, withBos[1..]);
    }

    [Fact]
    public void Chat_template_from_the_model_formats_chatml()
    {
        var prompt = Model.ApplyChatTemplate([new("system", "Be brief."), new("user", "Hello")], addAssistantPrompt: true);
        Assert.False(prompt.UsedFallback);
        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n", prompt.Text);
    }

    [Fact]
    public async Task Q8_0_model_loads_and_generates_deterministically()
    {
        using var model = LlamaModel.Load(TestModels.TinyQ8_0);
        Assert.Equal("Q8_0", model.Info.FileType);
        Assert.Equal(2UL * 32000 * 64 + 2 * (4 * 64 * 64 + 3 * 64 * 128 + 2 * 64) + 64, model.Info.ParameterCount);
        using var generator = new BatchedGenerator(model, new BatchedGeneratorOptions { Sequences = 1, SequenceLength = 256, Threads = 1 });
        var first = await generator.GenerateAsync(new GenerationRequest { Prompt = "Once upon a time", MaxTokens = 12 });
        var again = await generator.GenerateAsync(new GenerationRequest { Prompt = "Once upon a time", MaxTokens = 12 });
        var other = await generator.GenerateAsync(new GenerationRequest { Prompt = "The capital of France is", MaxTokens = 12 });
        Assert.Equal(first.Samples[0].Tokens, again.Samples[0].Tokens);
        Assert.NotEqual(first.Samples[0].Tokens, other.Samples[0].Tokens);
        Assert.Equal(12, first.Samples[0].OutputTokens);
    }
}
