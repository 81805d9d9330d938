using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;
using Platform.Evaluation.Running;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;
using Platform.Evaluation.Tests.Fakes;

namespace Platform.Evaluation.Tests.Styles;

public class ParaphraseTests
{
    private static readonly Suite Suite = TestData.NumberSuite(1);

    private static string Prompt(ThinkingStyle style) =>
        string.Join("\n", style.SinglePrompt!(TaskState.Start(Suite, Suite.Items[0], SamplingSettings.Greedy)).Select(m => m.Content));

    [Theory]
    [InlineData("direct")]
    [InlineData("cot")]
    [InlineData("cod")]
    [InlineData("sot")]
    [InlineData("aot")]
    [InlineData("tot-experts")]
    [InlineData("stylebench-cot")]
    [InlineData("stylebench-tot")]
    [InlineData("stylebench-aot")]
    [InlineData("stylebench-cod")]
    [InlineData("stylebench-sot")]
    public void Each_paraphrase_words_the_prompt_differently_and_is_a_different_experiment(string name)
    {
        var own = StyleTable.Create(name);
        Assert.Equal(3, own.ParaphraseCount);
        var styles = Enumerable.Range(0, own.ParaphraseCount).Select(p => StyleTable.Create(name, paraphrase: p)).ToList();

        Assert.Equal(Prompt(own), Prompt(styles[0]));
        Assert.Equal(styles.Count, styles.Select(Prompt).Distinct().Count());
        var headers = styles.Select(s => RunHeader.For(Suite, s, SamplingSettings.Greedy)).ToList();
        Assert.Equal(styles.Count, headers.Select(Identity).Distinct().Count());
        // The style's own wording keeps the header every earlier run was hashed with.
        Assert.DoesNotContain("styleParaphrase", headers[0].ToJson());
        Assert.Contains("\"styleParaphrase\":2", headers[2].ToJson());
        Assert.All(styles, s => Assert.Equal((own.Name, own.Version, own.Parameters), (s.Name, s.Version, s.Parameters)));
    }

    [Theory]
    [InlineData(SketchParadigm.ConceptualChaining, "Which is heavier, a kilogram of iron or a kilogram of feathers?")]
    [InlineData(SketchParadigm.ChunkedSymbolism, "What is 12 + 30?")]
    [InlineData(SketchParadigm.ExpertLexicons, "Sort the list 3, 1, 2 in ascending order.")]
    public void StyleBench_sketch_words_every_paradigm_its_nth_way(SketchParadigm paradigm, string question)
    {
        var suite = Suite with { Items = [TestData.NumberItem(question: question)] };
        var state = TaskState.Start(suite, suite.Items[0], SamplingSettings.Greedy);
        Assert.Equal(paradigm, StyleBenchSketch.ParadigmFor(suite.Items[0]));
        for (var p = 0; p < 3; p++)
        {
            var system = StyleTable.Create("stylebench-sot", paraphrase: p).SinglePrompt!(state)[0].Content;
            Assert.Contains(StyleBenchSketch.Wordings(paradigm)[p], system);
        }
        Assert.Equal(3, StyleBenchSketch.Wordings(paradigm).Distinct().Count());
        Assert.Equal(StyleBenchSketch.Instruction(paradigm), StyleBenchSketch.Wordings(paradigm)[0]);
    }

    [Fact]
    public async Task Tree_of_thought_words_its_proposal_rating_and_final_prompts_per_paraphrase()
    {
        // One proposal, one step: the search sends one proposal, one rating and the final request.
        var parameters = new TreeOfThoughtParameters(Proposals: 1, Breadth: 1, Depth: 1);
        var prompts = new List<string[]>();
        for (var p = 0; p < 3; p++)
        {
            var model = new ScriptedModel((request, _) => request.Messages[^1].Content.Contains("Rating: N", StringComparison.Ordinal)
                ? "Rating: 7" : "12 + 30 = 42. <answer>42</answer>");
            var style = TreeOfThought.Create(parameters, paraphrase: p);
            Assert.Equal((p, 3), (style.Paraphrase, style.ParaphraseCount));
            var result = await EvaluationRunner.SolveAsync(Suite, style, model.GenerateAsync, SamplingSettings.Greedy, Suite.Items[0], CancellationToken.None);
            Assert.Equal(Verdict.Correct, result.Score!.Strict);
            var requests = model.Requests.Select(r => string.Join("\n", r.Messages.Select(m => m.Content))).ToArray();
            Assert.Equal(3, requests.Length);
            Assert.Contains("Rating: N", requests[1]);
            prompts.Add(requests);
        }
        for (var call = 0; call < 3; call++)
        {
            Assert.Equal(3, prompts.Select(r => r[call]).Distinct().Count());
        }
        Assert.Contains("Write only the next step, in one or two sentences.", prompts[0][0]);
        Assert.Contains("Using these steps (and correcting any step that is wrong), give the final answer.", prompts[0][2]);
        var header = RunHeader.For(Suite, TreeOfThought.Create(parameters, paraphrase: 1), SamplingSettings.Greedy);
        Assert.Contains("\"styleParaphrase\":1", header.ToJson());
    }

    [Fact]
    public void The_original_wording_is_unchanged()
    {
        Assert.Contains("Work through the problem step by step, writing out each step of your reasoning. When you are done, give the result on the last line.",
            Prompt(StyleTable.Create("cot")));
        Assert.Contains("Reason through the problem one step at a time", Prompt(StyleTable.Create("cot", paraphrase: 1)));
        Assert.Contains("Let's think step by step.", Prompt(StyleTable.Create("stylebench-cot")));
    }

    [Fact]
    public void A_vote_keeps_the_paraphrase_of_its_inner_style()
    {
        var voted = StyleTable.Create("cot+sc5", paraphrase: 2);
        Assert.Equal((2, 3), (voted.Paraphrase, voted.ParaphraseCount));
        var state = TaskState.Start(Suite, Suite.Items[0], SamplingSettings.Greedy);
        Assert.Equal(StyleTable.Create("cot", paraphrase: 2).SinglePrompt!(state), voted.PromptToMeasure(state));
        Assert.NotEqual(Identity(RunHeader.For(Suite, StyleTable.Create("cot+sc5"), SamplingSettings.Greedy)),
            Identity(RunHeader.For(Suite, voted, SamplingSettings.Greedy)));
    }

    [Theory]
    [InlineData("cot", 3, "paraphrase 0 to 2")]
    [InlineData("tot", 3, "paraphrase 0 to 2")]
    [InlineData("stylebench-sot", 3, "paraphrase 0 to 2")]
    [InlineData("direct", -1, "paraphrase 0 to 2")]
    public void A_paraphrase_the_style_does_not_have_is_refused(string name, int paraphrase, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => StyleTable.Create(name, paraphrase: paraphrase));
        Assert.Contains(message, error.Message);
    }

    /// <summary>The experiment identity of a header on one fixed model file.</summary>
    private static string Identity(RunHeader header) => ExperimentIdentity.Of(new string('a', 64), header, limit: null, templateArgs: null);
}
