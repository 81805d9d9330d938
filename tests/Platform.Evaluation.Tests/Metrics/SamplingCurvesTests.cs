using Platform.Evaluation.Metrics;
using Platform.Evaluation.Models;
using Platform.Evaluation.Running;
using Platform.Evaluation.Styles;
using Platform.Evaluation.Tests.Fakes;
using Platform.Evaluation.Solving;

namespace Platform.Evaluation.Tests.Metrics;

public class SamplingCurvesTests
{
    [Theory]
    [InlineData(5, 2, 1, 0.4)]          // c / n
    [InlineData(5, 2, 2, 0.7)]          // 1 − C(3,2)/C(5,2) = 1 − 3/10
    [InlineData(5, 2, 4, 1.0)]          // every 4 of 5 include a correct one
    [InlineData(5, 0, 3, 0.0)]
    [InlineData(10, 1, 5, 0.5)]         // 1 − C(9,5)/C(10,5) = 1 − 126/252
    public void Pass_at_k_matches_hand_computed_values(int n, int c, int k, double expected) =>
        Assert.Equal(expected, SamplingCurves.PassAtK(n, c, k), 12);

    [Fact]
    public void Pass_at_k_refuses_k_beyond_the_samples() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SamplingCurves.PassAtK(3, 1, 4));

    [Fact]
    public void Majority_at_k_averages_every_subset_and_a_tie_counts_half_or_nothing()
    {
        // Samples 7, 7, 3; 7 is right. k = 2: {7,7} wins, {7,3} twice a tie.
        var item = Item(["7", "7", "3"], "7");
        Assert.Equal(2.0 / 3, SamplingCurves.MajorityAtK(item, 1, VoteTieRule.First), 12);
        Assert.Equal((1 + 0.5 + 0.5) / 3, SamplingCurves.MajorityAtK(item, 2, VoteTieRule.First), 12);
        Assert.Equal(1.0 / 3, SamplingCurves.MajorityAtK(item, 2, VoteTieRule.None), 12);
        Assert.Equal(1.0, SamplingCurves.MajorityAtK(item, 3, VoteTieRule.None), 12);
    }

    [Fact]
    public void A_sample_without_an_answer_casts_no_vote()
    {
        // Samples 7, none, 3. k = 2: {7,-} 7 wins, {7,3} a tie, {-,3} 3 wins. k = 3: a tie.
        var item = Item(["7", null, "3"], "7");
        Assert.Equal(0.5, SamplingCurves.MajorityAtK(item, 2, VoteTieRule.First), 12);
        Assert.Equal(1.0 / 3, SamplingCurves.MajorityAtK(item, 2, VoteTieRule.None), 12);
        Assert.Equal(0.5, SamplingCurves.MajorityAtK(item, 3, VoteTieRule.First), 12);
        Assert.Equal(0.0, SamplingCurves.MajorityAtK(item, 3, VoteTieRule.None), 12);
        Assert.Equal(0.0, SamplingCurves.MajorityAtK(Item([null, null], "7"), 1, VoteTieRule.First));
    }

    [Fact]
    public void Majority_at_k_equals_the_enumeration_of_every_subset()
    {
        string?[] keys = ["a", "b", "a", null, "c", "b", "a", "c", "b"];
        var item = Item(keys, "a", "c");
        for (var k = 1; k <= keys.Length; k++)
        {
            double total = 0, count = 0;
            for (var mask = 0; mask < 1 << keys.Length; mask++)
            {
                if (int.PopCount(mask) != k)
                {
                    continue;
                }
                count++;
                var tally = Enumerable.Range(0, keys.Length).Where(i => (mask >> i & 1) == 1 && keys[i] is not null)
                    .GroupBy(i => keys[i]!).Select(g => (Key: g.Key, Votes: g.Count())).OrderByDescending(t => t.Votes).ToList();
                if (tally.Count > 0 && (tally.Count == 1 || tally[1].Votes < tally[0].Votes) && tally[0].Key is "a" or "c")
                {
                    total++;
                }
            }
            Assert.Equal(total / count, SamplingCurves.MajorityAtK(item, k, VoteTieRule.None), 12);
        }
    }

    [Fact]
    public void The_curves_run_to_the_fewest_samples_with_an_interval_around_each_value()
    {
        var curve = SamplingCurves.Compute([Item(["7", "7", "3"], "7"), Item(["1", "2", "3", "4"], "4"), Item(["5", "5", "5"], "5")], VoteTieRule.First)!;

        Assert.Equal((3, 3), (curve.Samples, curve.Items));
        Assert.Equal([1, 2, 3], curve.MajorityAtK.Select(p => p.K));
        // maj@1 = pass@1 = mean of c/n: (2/3 + 1/4 + 1) / 3.
        Assert.Equal((2.0 / 3 + 0.25 + 1) / 3, curve.MajorityAtK[0].Value, 12);
        Assert.Equal(curve.MajorityAtK[0].Value, curve.PassAtK[0].Value, 12);
        // pass@3: 1, 1 − C(3,3)/C(4,3) = 0.75, 1.
        Assert.Equal((1 + 0.75 + 1) / 3, curve.PassAtK[2].Value, 12);
        Assert.All(curve.MajorityAtK.Concat(curve.PassAtK), p => Assert.InRange(p.Value, p.Interval95.Lower, p.Interval95.Upper));
        Assert.Null(SamplingCurves.Compute([], VoteTieRule.First));
    }

    [Fact]
    public void Each_answer_is_judged_once_on_its_first_sample()
    {
        var judged = new List<string>();
        var item = SampledItem.FromVotes(
            [new SampleVote(0, "$12", "12"), new SampleVote(1, "12.0", "12"), new SampleVote(2, null, null), new SampleVote(3, "13", "13")],
            answer => { judged.Add(answer); return answer == "$12"; });

        Assert.Equal(["$12", "13"], judged);
        Assert.Equal(2, item.CorrectSamples);
        Assert.Equal(["12", "12", null, "13"], item.VoteKeys);
    }

    [Fact]
    public async Task The_samples_of_a_stored_transcript_are_read_back_as_the_vote_read_them()
    {
        string[] outputs = ["<answer>42</answer>", "<answer>7</answer>", "no idea", "The answer is 42.0"];
        var model = new ScriptedModel((_, i) => outputs[i]);
        var suite = TestData.NumberSuite(1);
        var result = await EvaluationRunner.SolveAsync(suite, StyleTable.Create("cot+sc4"), model.GenerateAsync, SamplingSettings.Greedy,
            suite.Items[0], CancellationToken.None);

        var samples = SampledItem.SampleOutputs(result.State!.Transcript, 4)!;
        var item = SampledItem.FromOutputs(samples, suite.Items[0], suite.AnswerKind, suite.Checker);
        Assert.Equal(["42", "7", null, "42"], item.VoteKeys);
        Assert.Equal(2, item.CorrectSamples);
        Assert.Null(SampledItem.SampleOutputs(result.State.Transcript, 5));
    }

    private static SampledItem Item(string?[] keys, params string[] correct) => new(keys, correct.ToHashSet());
}
