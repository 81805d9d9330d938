using Platform.Evaluation.Metrics;
using Platform.Evaluation.Scoring;

namespace Platform.Evaluation.Tests.Metrics;

public class RunMetricsTests
{
    private static ItemOutcome Outcome(string id, Verdict strict, Verdict? flexible = null, int tokens = 10, int level = 1, double seconds = 1, bool failed = false) =>
        new(id, level, strict, flexible ?? strict, tokens, TimeSpan.FromSeconds(seconds), failed);

    [Fact]
    public void Summary_counts_rates_over_scored_items_and_leaves_failures_out()
    {
        List<ItemOutcome> outcomes =
        [
            Outcome("a", Verdict.Correct, tokens: 10, seconds: 1),
            Outcome("b", Verdict.Correct, tokens: 30, seconds: 3),
            Outcome("c", Verdict.Incorrect, tokens: 20, seconds: 2),
            Outcome("d", Verdict.NoAnswer, Verdict.Correct, tokens: 40, seconds: 6),
            Outcome("e", Verdict.NoAnswer, tokens: 0, seconds: 100, failed: true),
        ];

        var strict = RunMetrics.Summarize(outcomes, VerdictMode.Strict);
        Assert.Equal((4, 1), (strict.Scored, strict.Failed));
        Assert.Equal(new Proportion(2, 4), strict.Accuracy);
        Assert.Equal(new Proportion(1, 4), strict.NoAnswer);
        Assert.Equal(25, strict.MeanOutputTokens);
        Assert.Equal(50, strict.TokensPerCorrect);
        Assert.Equal(TimeSpan.FromSeconds(3), strict.MeanLatency);

        var flexible = RunMetrics.Summarize(outcomes, VerdictMode.Flexible);
        Assert.Equal(new Proportion(3, 4), flexible.Accuracy);
        Assert.Equal(new Proportion(0, 4), flexible.NoAnswer);
        Assert.Equal(100.0 / 3, flexible.TokensPerCorrect!.Value, 12);
    }

    [Fact]
    public void Summary_of_no_correct_answers_has_no_tokens_per_correct()
    {
        var summary = RunMetrics.Summarize([Outcome("a", Verdict.Incorrect)], VerdictMode.Strict);
        Assert.Null(summary.TokensPerCorrect);
        Assert.Equal(0, summary.Accuracy.Value);
    }

    [Fact]
    public void Levels_are_summarised_separately_in_order()
    {
        var levels = RunMetrics.ByLevel(
            [Outcome("a", Verdict.Correct, level: 3), Outcome("b", Verdict.Incorrect, level: 1), Outcome("c", Verdict.Correct, level: 1)],
            VerdictMode.Strict);
        Assert.Equal([1, 3], levels.Select(l => l.Level));
        Assert.Equal(new Proportion(1, 2), levels[0].Summary.Accuracy);
        Assert.Equal(new Proportion(1, 1), levels[1].Summary.Accuracy);
    }

    private static (List<ItemOutcome> A, List<ItemOutcome> B) Paired(int both, int onlyA, int onlyB, int neither)
    {
        var a = new List<ItemOutcome>();
        var b = new List<ItemOutcome>();
        var id = 0;
        void Add(int count, Verdict x, Verdict y)
        {
            for (var i = 0; i < count; i++, id++)
            {
                a.Add(Outcome($"i{id}", x));
                b.Add(Outcome($"i{id}", y));
            }
        }
        Add(both, Verdict.Correct, Verdict.Correct);
        Add(onlyA, Verdict.Correct, Verdict.NoAnswer);
        Add(onlyB, Verdict.Incorrect, Verdict.Correct);
        Add(neither, Verdict.Incorrect, Verdict.NoAnswer);
        b.Reverse();
        return (a, b);
    }

    [Fact]
    public void McNemar_uses_the_exact_binomial_for_few_discordant_pairs()
    {
        var (a, b) = Paired(both: 10, onlyA: 1, onlyB: 6, neither: 3);
        var test = RunMetrics.McNemar(a, b, VerdictMode.Strict);
        Assert.Equal(new McNemarResult(20, 10, 1, 6, 3, McNemarMethod.ExactBinomial, null, 0.125), test);
    }

    [Fact]
    public void McNemar_uses_chi_square_with_continuity_correction_for_many_discordant_pairs()
    {
        var (a, b) = Paired(both: 50, onlyA: 30, onlyB: 10, neither: 10);
        var test = RunMetrics.McNemar(a, b, VerdictMode.Strict);
        Assert.Equal(McNemarMethod.ChiSquareWithContinuityCorrection, test.Method);
        Assert.Equal(9.025, test.ChiSquare!.Value, 12);
        Assert.Equal(0.002663119259138554, test.PValue, 12);

        var (c, d) = Paired(both: 0, onlyA: 12, onlyB: 40, neither: 0);
        var other = RunMetrics.McNemar(c, d, VerdictMode.Strict);
        Assert.Equal(14.01923076923077, other.ChiSquare!.Value, 10);
        Assert.Equal(0.0001809504904375634, other.PValue, 14);
    }

    [Fact]
    public void McNemar_pairs_by_item_and_skips_unpaired_or_failed_items()
    {
        List<ItemOutcome> a = [Outcome("x", Verdict.Correct), Outcome("y", Verdict.Correct), Outcome("z", Verdict.Correct)];
        List<ItemOutcome> b = [Outcome("y", Verdict.Incorrect), Outcome("x", Verdict.Correct), Outcome("z", Verdict.Incorrect, failed: true)];
        var test = RunMetrics.McNemar(a, b, VerdictMode.Strict);
        Assert.Equal((2, 1, 1, 0), (test.Pairs, test.BothCorrect, test.OnlyA, test.OnlyB));
        Assert.Equal(1.0, test.PValue);

        var identical = RunMetrics.McNemar(a, a, VerdictMode.Strict);
        Assert.Equal((McNemarMethod.NoDiscordantPairs, 1.0), (identical.Method, identical.PValue));
        Assert.Throws<ArgumentException>(() => RunMetrics.McNemar([.. a, a[0]], b, VerdictMode.Strict));
    }
}
