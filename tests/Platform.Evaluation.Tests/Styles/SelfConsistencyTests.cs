using System.Text.Json;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Models;
using Platform.Evaluation.Running;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;
using Platform.Evaluation.Tests.Fakes;

namespace Platform.Evaluation.Tests.Styles;

public class SelfConsistencyTests
{
    private static async Task<(ItemResult Result, ScriptedModel Model)> Run(ThinkingStyle style, params string[] samples)
    {
        var model = new ScriptedModel((_, i) => samples[i % samples.Length]);
        var suite = TestData.NumberSuite(1);
        var result = await EvaluationRunner.SolveAsync(suite, style, model.GenerateAsync, SamplingSettings.Greedy, suite.Items[0], CancellationToken.None);
        return (result, model);
    }

    [Fact]
    public async Task Single_prompt_style_is_sampled_as_one_forked_request_and_the_majority_wins()
    {
        var (result, model) = await Run(SelfConsistency.Wrap(ChainOfThought.Create(), 5),
            "<answer>41</answer>", "<answer>42</answer>", "The answer is 42.", "I give up", "<answer>42.0</answer>");

        var request = Assert.Single(model.Requests);
        Assert.Equal((5, SelfConsistency.DefaultTemperature), (request.Samples, request.Sampling.Temperature));
        var vote = Assert.IsType<VoteTrace>(result.State!.Trace);
        Assert.Equal("42", vote.Winner);
        Assert.Equal(new VoteCount("42", 3, 1), vote.Tally[0]);
        Assert.Equal(new VoteCount("41", 1, 0), vote.Tally[1]);
        Assert.False(vote.TieBroken);
        Assert.Null(vote.Votes[3].Answer);
        Assert.Equal(1, vote.WinningSample);
        Assert.Equal("<answer>42</answer>", result.State.Output);
        Assert.Equal(Verdict.Correct, result.Score!.Strict);
        Assert.Equal(model.Requests.Count, result.State.ModelCalls);
        Assert.Equal(5, result.State.Transcript[0].Completions.Count);
    }

    [Fact]
    public async Task A_sample_cut_by_the_token_limit_votes_only_with_an_answer_it_stated()
    {
        // The cut samples have 8 words or more; their last numbers (7, 7) would otherwise outvote the one 42.
        string[] samples =
        [
            "one two three four five six seven 7",
            "<answer>42</answer>",
            "a b c d e f so it is 7",
            "The answer is 42. Checking: six times seven is",
        ];
        var model = new ScriptedModel((_, i) => samples[i]) { TruncateAtWords = 8 };
        var suite = TestData.NumberSuite(1);
        var result = await EvaluationRunner.SolveAsync(
            suite, SelfConsistency.Wrap(ChainOfThought.Create(), 4), model.GenerateAsync, SamplingSettings.Greedy, suite.Items[0], CancellationToken.None);

        var vote = Assert.IsType<VoteTrace>(result.State!.Trace);
        Assert.Equal([null, "42", null, "42"], vote.Votes.Select(v => v.Answer));
        Assert.Equal("42", vote.Winner);
    }

    [Fact]
    public async Task Tie_goes_to_the_answer_first_given_by_the_lowest_sample()
    {
        var (result, _) = await Run(SelfConsistency.Wrap(ChainOfThought.Create(), 4),
            "<answer>7</answer>", "<answer>42</answer>", "<answer>42</answer>", "<answer>7</answer>");
        var vote = Assert.IsType<VoteTrace>(result.State!.Trace);
        Assert.True(vote.TieBroken);
        Assert.Equal("7", vote.Winner);
        Assert.Equal(0, vote.WinningSample);
        Assert.Equal(SelfConsistency.TieBreakRule, vote.TieBreakRule);
        Assert.Equal(Verdict.Incorrect, result.Score!.Strict);
    }

    [Fact]
    public async Task Under_the_none_rule_a_tie_is_no_majority_and_scores_no_answer()
    {
        // The same samples as above: the first rule picks 7 (wrong); the none rule picks nothing.
        var (result, _) = await Run(SelfConsistency.Wrap(ChainOfThought.Create(), 4, tieRule: VoteTieRule.None),
            "<answer>7</answer>", "<answer>42</answer>", "<answer>42</answer>", "<answer>7</answer>");
        var vote = Assert.IsType<VoteTrace>(result.State!.Trace);
        Assert.True(vote.NoMajority);
        Assert.False(vote.TieBroken);
        Assert.Null(vote.Winner);
        Assert.Equal(SelfConsistency.NoTieBreakRule, vote.TieBreakRule);
        Assert.Equal("", result.State.Output);
        Assert.Equal((Verdict.NoAnswer, Verdict.NoAnswer), (result.Score!.Strict, result.Score.Flexible));
        Assert.Equal(4, result.State.Transcript[0].Completions.Count);
        Assert.Equal(VoteTieRule.None, Assert.IsType<SelfConsistencyParameters>(StyleTable.Create("cot+sc4", tieRule: VoteTieRule.None).Parameters).TieRule);
    }

    [Fact]
    public async Task Under_the_none_rule_a_clear_majority_still_wins()
    {
        var (result, _) = await Run(SelfConsistency.Wrap(ChainOfThought.Create(), 3, tieRule: VoteTieRule.None),
            "<answer>7</answer>", "<answer>42</answer>", "<answer>42</answer>");
        var vote = Assert.IsType<VoteTrace>(result.State!.Trace);
        Assert.False(vote.NoMajority);
        Assert.Equal("42", vote.Winner);
        Assert.Equal(Verdict.Correct, result.Score!.Strict);
    }

    [Fact]
    public void The_default_tie_rule_leaves_the_recorded_parameters_as_they_were()
    {
        var first = JsonSerializer.Serialize<StyleParameters>(StyleTable.Create("cot+sc5").Parameters, EvaluationJson.Default.Options);
        var none = JsonSerializer.Serialize<StyleParameters>(StyleTable.Create("cot+sc5", tieRule: VoteTieRule.None).Parameters, EvaluationJson.Default.Options);
        Assert.DoesNotContain("tieRule", first);
        Assert.Equal(("1+sc1", "1+sc1-ties-none"), (StyleTable.Create("cot+sc5").Version, StyleTable.Create("cot+sc5", tieRule: VoteTieRule.None).Version));
        Assert.Contains("\"tieRule\":\"None\"", none);
        Assert.Equal(VoteTieRule.None,
            Assert.IsType<SelfConsistencyParameters>(JsonSerializer.Deserialize<StyleParameters>(none, EvaluationJson.Default.Options)).TieRule);
    }

    [Fact]
    public async Task No_answers_at_all_keeps_the_first_sample_and_scores_no_answer()
    {
        var (result, _) = await Run(SelfConsistency.Wrap(Direct.Create(), 3), "hmm", "no idea", "pass");
        var vote = Assert.IsType<VoteTrace>(result.State!.Trace);
        Assert.Null(vote.Winner);
        Assert.Empty(vote.Tally);
        Assert.Equal("hmm", result.State.Output);
        Assert.Equal(Verdict.NoAnswer, result.Score!.Flexible);
    }

    [Fact]
    public async Task Multi_call_style_runs_once_per_sample_with_its_own_seed()
    {
        var tot = TreeOfThought.Create(new TreeOfThoughtParameters(Proposals: 2, Breadth: 1, Depth: 1));
        var (result, model) = await Run(SelfConsistency.Wrap(tot, 3, temperature: 0.9f), "Rating: 5", "<answer>42</answer>");

        var finals = model.Requests.Where(r => r.Messages[0].Content.Contains("clearly marked answer", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, finals.Count);
        Assert.Equal([0.9f], finals.Select(r => r.Sampling.Temperature).Distinct());
        Assert.Equal([42UL, 43UL, 44UL], finals.Select(r => r.Sampling.Seed).Order());
        var vote = Assert.IsType<VoteTrace>(result.State!.Trace);
        Assert.Equal(3, vote.Branches.Count);
        Assert.All(vote.Branches, b => Assert.IsType<TreeSearchTrace>(b));
        Assert.Equal(model.Requests.Count, result.State.Transcript.Count);
        Assert.StartsWith("sample 0: ", result.State.Transcript[0].Step);
    }

    [Theory]
    [InlineData(AnswerKind.Number, 0, "$1,234.50", "1234.5")]
    [InlineData(AnswerKind.Number, 0, "1234.5", "1234.5")]
    [InlineData(AnswerKind.Number, 0, "-0.50", "-0.5")]
    [InlineData(AnswerKind.Number, 0, "−4", "-4")]
    [InlineData(AnswerKind.Number, 0, "3/4", "3/4")]
    [InlineData(AnswerKind.Choice, 4, "(b)", "B")]
    [InlineData(AnswerKind.Choice, 4, "Option C.", "C")]
    [InlineData(AnswerKind.Text, 0, "New   York", "new york")]
    public void Equal_answers_in_different_spellings_share_a_vote(AnswerKind kind, int options, string answer, string key) =>
        Assert.Equal(key, SelfConsistency.VoteKey(kind, options, answer));

    [Fact]
    public void Wrapping_is_refused_when_it_cannot_vote()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SelfConsistency.Wrap(Direct.Create(), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SelfConsistency.Wrap(Direct.Create(), 3, temperature: 0));
        Assert.Throws<ArgumentException>(() => SelfConsistency.Wrap(SelfConsistency.Wrap(Direct.Create(), 3), 3));
    }

    [Fact]
    public void Wrapped_style_records_the_inner_style_and_its_parameters()
    {
        var style = SelfConsistency.Wrap(ChainOfDraft.Create(new ChainOfDraftParameters(FewShotExamples: 2)), 5, 0.6f);
        Assert.Equal("cod+sc5", style.Label);
        Assert.Equal(new SelfConsistencyParameters(5, 0.6f, "cod", ChainOfDraft.Version, new ChainOfDraftParameters(FewShotExamples: 2)),
            style.Parameters);
        Assert.Equal(AnswerFormats.AnswerTag, style.Formats);
    }
}
