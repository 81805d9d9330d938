using Platform.Evaluation.Metrics;
using System.Text.Json;
using Platform.Evaluation.Models;
using Platform.Evaluation.Running;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;
using Platform.Evaluation.Tests.Fakes;

namespace Platform.Evaluation.Tests.Running;

public class RunHeaderTests
{
    private static readonly SamplingSettings Sampling = new() { Temperature = 0.7f, MaxTokens = 1024, Seed = 9 };

    [Fact]
    public void Header_serializes_with_a_fixed_property_order_and_round_trips()
    {
        var style = SelfConsistency.Wrap(TreeOfThought.Create(new TreeOfThoughtParameters(Depth: 2)), 3);
        var header = RunHeader.For(TestData.NumberSuite(3), style, Sampling);
        var json = header.ToJson();

        using var document = JsonDocument.Parse(json);
        Assert.Equal(
            ["style", "styleLabel", "styleVersion", "styleParameters", "answerFormats", "sampling", "suite", "suiteVersion",
             "suiteContentHash", "suiteItems", "taskType", "answerKind"],
            document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("tot+sc3", document.RootElement.GetProperty("styleLabel").GetString());
        Assert.Contains("{\"style\":\"sc\",\"samples\":3,\"temperature\":0.7,", json);
        Assert.Contains("\"inner\":{\"style\":\"tot\",\"proposals\":3,\"breadth\":2,\"depth\":2,", json);
        Assert.Contains("\"sampling\":{\"temperature\":0.7,\"topP\":1,\"topK\":0,\"minP\":0,\"maxTokens\":1024,\"seed\":9}", json);
        Assert.Contains("\"taskType\":\"Arithmetic\",\"answerKind\":\"Number\"", json);

        var back = RunHeader.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(header.StyleParameters, back.StyleParameters);
        Assert.Equal(header.Sampling, back.Sampling);
    }

    private static string Identity(RunHeader header, int? limit = null, string model = "ab12") => ExperimentIdentity.Of(model, header, limit, null);

    [Fact]
    public void The_experiment_identity_changes_with_anything_that_changes_what_is_asked()
    {
        var suite = TestData.NumberSuite(3);
        var header = RunHeader.For(suite, StyleTable.Create("cot"), Sampling);
        var baseline = Identity(header);

        Assert.Equal(baseline, Identity(RunHeader.For(TestData.NumberSuite(3), StyleTable.Create("cot"), Sampling)));
        Assert.Equal(baseline, Identity(header, model: "AB12"));
        Assert.NotEqual(baseline, Identity(header, model: "cd34"));
        Assert.NotEqual(baseline, Identity(RunHeader.For(suite, StyleTable.Create("cod"), Sampling)));
        Assert.NotEqual(baseline, Identity(RunHeader.For(suite, StyleTable.Create("cot"), Sampling with { Seed = 10 })));
        Assert.NotEqual(baseline, Identity(RunHeader.For(TestData.NumberSuite(4), StyleTable.Create("cot"), Sampling)));
        Assert.NotEqual(
            Identity(RunHeader.For(suite, ChainOfDraft.Create(new ChainOfDraftParameters(FewShotExamples: 1)), Sampling)),
            Identity(RunHeader.For(suite, ChainOfDraft.Create(new ChainOfDraftParameters(FewShotExamples: 2)), Sampling)));
        Assert.NotEqual(
            Identity(RunHeader.For(suite, StyleTable.Create("cot", 5), Sampling)),
            Identity(RunHeader.For(suite, StyleTable.Create("cot", 5, null, VoteTieRule.None), Sampling)));
        Assert.Matches("^[0-9a-f]{64}$", baseline);
    }

    [Fact]
    public void A_limit_that_takes_every_item_is_the_same_experiment_as_no_limit()
    {
        var header = RunHeader.For(TestData.NumberSuite(3), StyleTable.Create("cot"), Sampling);

        Assert.Equal(Identity(header), Identity(header, limit: header.SuiteItems));
        Assert.Equal(Identity(header), Identity(header, limit: header.SuiteItems + 10));
        Assert.NotEqual(Identity(header), Identity(header, limit: header.SuiteItems - 1));
    }

    [Fact]
    public void Unreadable_header_says_what_is_wrong()
    {
        var error = Assert.Throws<FormatException>(() => RunHeader.FromJson("{\"style\": 3"));
        Assert.Contains("run header", error.Message);
    }

    [Fact]
    public void Scores_round_trip_through_json()
    {
        var score = Platform.Evaluation.Scoring.Scorer.Score(TestData.NumberItem(), Platform.Evaluation.Datasets.AnswerKind.Number,
            "so 42", false, Platform.Evaluation.Scoring.AnswerFormats.AnswerTag, new SimpleChecker());
        var json = JsonSerializer.Serialize(score, EvaluationJson.Default.Score);
        Assert.Contains("\"strict\":\"NoAnswer\",\"flexible\":\"Correct\"", json);
        Assert.Contains("\"method\":\"LastNumber\",\"isFallback\":true", json);
        Assert.Equal(score, JsonSerializer.Deserialize(json, EvaluationJson.Default.Score));
    }

    [Fact]
    public async Task Transcripts_round_trip_through_json()
    {
        var suite = TestData.ChoiceSuite();
        var model = new ScriptedModel((_, i) => $"sample {i} <answer>B</answer>");
        var result = await EvaluationRunner.SolveAsync(suite, StyleTable.Create("cod", samples: 3), model.GenerateAsync,
            SamplingSettings.Greedy, suite.Items[0], CancellationToken.None);

        var json = JsonSerializer.Serialize(result.State!.Transcript, EvaluationJson.Default.IReadOnlyListExchange);
        var back = JsonSerializer.Deserialize(json, EvaluationJson.Default.IReadOnlyListExchange)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, EvaluationJson.Default.IReadOnlyListExchange));
        Assert.Equal(3, back[0].Request.Samples);
        Assert.Equal(result.State.Transcript[0].Request.Messages, back[0].Request.Messages);
        Assert.Equal(result.State.Transcript[0].Completions, back[0].Completions);
    }

    [Fact]
    public void Style_traces_serialize_with_their_kind()
    {
        StyleTrace trace = new TreeSearchTrace([new ThoughtNode(0, null, 1, 0, "p.0", 7, "Rating: 7", true)], [0]);
        var json = JsonSerializer.Serialize(trace, EvaluationJson.Default.StyleTrace);
        Assert.StartsWith("{\"kind\":\"tree\",", json);
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize(json, EvaluationJson.Default.StyleTrace), EvaluationJson.Default.StyleTrace));
    }
}
