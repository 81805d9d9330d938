using Platform.Evaluation.Scoring;
using Platform.Evaluation.Styles;
using Platform.Jobs.Catalog;
using Platform.Llama;
using Platform.Gguf;
using Platform.Worker.Evaluation;

namespace Platform.Worker.Tests.Evaluation;

/// <summary>The shared evaluation path on the engine's tiny generated model (written once into a temp cache).</summary>
public sealed class EvaluationSessionTests
{
    private static readonly Lazy<string> TinyModel = new(() =>
    {
        LlamaBackend.Initialize();
        return TestModelGenerator.EnsureModel(TestModelSpec.Tiny, Path.Combine(Path.GetTempPath(), "thoughtboard-test-models"));
    });

    private static EvaluationRequest Request(string style, int limit = 2) => new()
    {
        ModelPath = TinyModel.Value,
        Suite = SuiteCatalog.BuiltIn("symbolic", seed: 3, itemsPerLevel: 2),
        Style = style,
        Limit = limit,
        Seed = 3,
        MaxTokens = 12,
        Parallel = 4,
    };

    [Theory]
    [InlineData("game24", "stylebench-cod", null, 2048)]
    [InlineData("arithmetic", "stylebench-cod", null, 512)]
    [InlineData("game24", "stylebench-tot", 64, 64)]
    [InlineData("game24", "cot", null, EvaluationRequest.DefaultMaxTokens)]
    public async Task Output_limit_is_the_request_s_else_the_style_protocol_s_and_the_header_records_it(
        string suite, string style, int? maxTokens, int expected)
    {
        var request = Request(style, limit: 1) with { Suite = SuiteCatalog.BuiltIn(suite, seed: 3, itemsPerLevel: 1), MaxTokens = maxTokens };

        using var session = await EvaluationSession.OpenAsync(request);

        Assert.Equal(expected, session.Header.Run.Sampling.MaxTokens);
        Assert.True(session.Header.Engine.SequenceLength > expected, "the sequence must hold the prompt and the whole output");
    }

    [Fact]
    public async Task Streams_one_scored_record_per_item_and_skips_items_already_done()
    {
        var request = Request("direct", limit: 4);
        var done = request.Suite.Items[1].Id;

        using var session = await EvaluationSession.OpenAsync(request with { DoneItemIds = new HashSet<string> { done } });
        var records = new List<ItemRecord>();
        await foreach (var record in session.RunAsync())
        {
            records.Add(record);
        }

        Assert.Equal(request.Suite.Items.Take(4).Select(i => i.Id).Where(id => id != done).Order(), records.Select(r => r.ItemId).Order());
        Assert.All(records, r => Assert.NotNull(r.Score));
        Assert.All(records, r => Assert.Equal(AnswerExtractor.Version, r.Score!.ExtractorVersion));
        Assert.Equal(4, session.Header.ItemsSelected);
        Assert.Equal(request.Suite.Items.Count, session.Header.Run.SuiteItems);
        Assert.True(session.EngineStatistics.DecodeCalls > 0);
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in session.RunAsync()) { }
        });
    }

    [Fact]
    public async Task Samples_wrap_the_style_in_self_consistency_and_fork_one_prompt()
    {
        using var session = await EvaluationSession.OpenAsync(Request("cot", limit: 1) with { Samples = 3 });
        var records = new List<ItemRecord>();
        await foreach (var record in session.RunAsync())
        {
            records.Add(record);
        }

        Assert.Equal("cot+sc3", session.Header.Run.StyleLabel);
        var parameters = Assert.IsType<SelfConsistencyParameters>(session.Header.Run.StyleParameters);
        Assert.Equal(SelfConsistency.DefaultTemperature, parameters.Temperature);
        var exchange = Assert.Single(Assert.Single(records).Exchanges);
        Assert.Equal(3, exchange.Completions.Count);
    }

    [Fact]
    public async Task The_context_is_sized_from_the_longest_prompt_and_grows_for_tree_search()
    {
        using var direct = await EvaluationSession.OpenAsync(Request("direct"));
        using var tree = await EvaluationSession.OpenAsync(Request("tot"));

        // Prompts of a few hundred tokens plus 12 output tokens fit in the first 256-token step above them.
        Assert.InRange(direct.Header.Engine.SequenceLength, 256, 768);
        var tot = new TreeOfThoughtParameters();
        Assert.True(tree.Header.Engine.SequenceLength >= direct.Header.Engine.SequenceLength + tot.Depth * tot.ThoughtMaxTokens,
            $"tot {tree.Header.Engine.SequenceLength} vs direct {direct.Header.Engine.SequenceLength}");
        Assert.Equal(4, direct.Header.Engine.Sequences);
        Assert.Equal(1, direct.Header.Engine.Threads); // a tiny model decodes on one thread
    }

    [Fact]
    public async Task The_config_hash_follows_what_is_asked_and_not_when()
    {
        using var first = await EvaluationSession.OpenAsync(Request("cot"));
        using var again = await EvaluationSession.OpenAsync(Request("cot"));
        using var longer = await EvaluationSession.OpenAsync(Request("cot", limit: 3));

        Assert.Equal(first.Header.ConfigHash, again.Header.ConfigHash);
        Assert.NotEqual(first.Header.ConfigHash, longer.Header.ConfigHash);
    }

    [Theory]
    [InlineData("nonsense", 1, 0f, "Unknown thinking style")]
    [InlineData("cot", 0, 0f, "at least 1")]
    [InlineData("cot+sc1", 1, 0f, "cot+sc5")]
    public void Bad_styles_are_refused_before_a_model_is_loaded(string style, int samples, float temperature, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => EvaluationSession.ResolveStyle(style, samples, temperature));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task A_missing_model_is_reported_with_its_path()
    {
        var request = Request("cot") with { ModelPath = "/nonexistent/model.gguf" };

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => EvaluationSession.OpenAsync(request));
        Assert.Contains("/nonexistent/model.gguf", error.Message);
    }
}
