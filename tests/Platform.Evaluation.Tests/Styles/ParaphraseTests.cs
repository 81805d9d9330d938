using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;
using Platform.Evaluation.Running;
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
    [InlineData("stylebench-cot")]
    [InlineData("stylebench-tot")]
    [InlineData("stylebench-aot")]
    [InlineData("stylebench-cod")]
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
    [InlineData("tot", 1, "only its own wording")]
    [InlineData("stylebench-sot", 1, "only its own wording")]
    [InlineData("direct", -1, "paraphrase 0 to 2")]
    public void A_paraphrase_the_style_does_not_have_is_refused(string name, int paraphrase, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => StyleTable.Create(name, paraphrase: paraphrase));
        Assert.Contains(message, error.Message);
    }

    /// <summary>The experiment identity of a header on one fixed model file.</summary>
    private static string Identity(RunHeader header) => ExperimentIdentity.Of(new string('a', 64), header, limit: null, templateArgs: null);
}
