using Platform.Evaluation.Datasets;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Scoring;

namespace Platform.Evaluation.Tests.Metrics;

public class RecommenderTests
{
    private static StyleResult Result(string style, int correct, int scored, double meanTokens, string model = "m", TaskType type = TaskType.Math) =>
        new(model, type, style, new Summary(VerdictMode.Strict, scored, 0, new Proportion(correct, scored), new Proportion(0, scored),
            meanTokens, correct == 0 ? null : meanTokens * scored / correct, TimeSpan.FromSeconds(1)));

    private static readonly List<StyleResult> Small =
    [
        Result("cot", 80, 100, 300),
        Result("direct", 70, 100, 20),
        Result("aot", 40, 100, 500),
    ];

    [Fact]
    public void Accuracy_first_prefers_the_cheaper_style_when_intervals_overlap_the_leader()
    {
        var recommendation = Recommender.RecommendOne("m", TaskType.Math, Small, new AccuracyFirst());
        Assert.Equal("direct", recommendation.Style);
        Assert.Contains("cot has the highest accuracy", recommendation.Reason);
        Assert.Equal(
            [("cot", true, "highest accuracy"), ("direct", true, "interval overlaps the leader's"), ("aot", false, "interval below the leader's")],
            recommendation.Evidence.Select(e => (e.Style, e.Eligible, e.Note)));
        var cot = recommendation.Evidence[0];
        Assert.Equal(0.711171, cot.Interval.Lower, 6);
        Assert.Equal(300, cot.MeanOutputTokens);
    }

    [Fact]
    public void Accuracy_first_keeps_the_leader_when_it_is_clearly_better()
    {
        List<StyleResult> large = [Result("cot", 800, 1000, 300), Result("direct", 700, 1000, 20)];
        var recommendation = Recommender.RecommendOne("m", TaskType.Math, large, new AccuracyFirst());
        Assert.Equal("cot", recommendation.Style);
        Assert.Equal([true, false], recommendation.Evidence.Select(e => e.Eligible));
    }

    [Fact]
    public void Accuracy_first_breaks_an_exact_tie_by_tokens()
    {
        List<StyleResult> tied = [Result("cot", 50, 100, 300), Result("cod", 50, 100, 90), Result("aot", 10, 100, 50)];
        Assert.Equal("cod", Recommender.RecommendOne("m", TaskType.Math, tied, new AccuracyFirst()).Style);
    }

    [Fact]
    public void Accuracy_first_crowns_no_style_when_every_interval_overlaps_and_says_how_many_items_would_tell()
    {
        List<StyleResult> zeros = [Result("cot", 0, 5, 128), Result("direct", 0, 5, 12), Result("cod", 0, 5, 90)];

        var recommendation = Recommender.RecommendOne("m", TaskType.Math, zeros, new AccuracyFirst());

        Assert.Null(recommendation.Style);
        Assert.DoesNotContain("has the highest accuracy", recommendation.Reason);
        Assert.StartsWith("No style can be told apart on this evidence: all 3 styles score 0.000, with 95% intervals reaching up to 0.434.", recommendation.Reason);
        // From 0% to 10% with 80% power at 5%: (1.96·√(2·0.05·0.95) + 0.8416·√0.09)² / 0.01 = 73.4.
        Assert.Contains("10 percentage points apart (0% against 10%) with 80% power at 5% two-sided significance takes about 74 items per style", recommendation.Reason);
        Assert.Contains("these have 5 each", recommendation.Reason);
        Assert.Contains("direct uses the fewest tokens", recommendation.Reason);
        Assert.All(recommendation.Evidence, e => Assert.True(e.Eligible));
    }

    [Fact]
    public void Styles_that_spent_the_same_tokens_get_no_cost_advice()
    {
        List<StyleResult> capped = [Result("cot", 0, 10, 128), Result("direct", 0, 10, 128)];

        var reason = Recommender.RecommendOne("m", TaskType.Math, capped, new AccuracyFirst()).Reason;

        Assert.Contains("all 2 styles score 0.000", reason);
        Assert.DoesNotContain("fewest tokens", reason);
    }

    [Fact]
    public void Accuracy_first_with_equal_halves_needs_hundreds_of_items_to_tell_ten_points()
    {
        List<StyleResult> tied = [Result("cot", 50, 100, 300), Result("cod", 50, 100, 90)];

        var recommendation = Recommender.RecommendOne("m", TaskType.Math, tied, new AccuracyFirst());

        Assert.Null(recommendation.Style);
        Assert.Contains("(50% against 60%)", recommendation.Reason);
        Assert.Contains("about 388 items per style", recommendation.Reason);
        Assert.Contains("these have 100 each", recommendation.Reason);
        Assert.Contains("cod uses the fewest tokens", recommendation.Reason);
    }

    [Fact]
    public void Token_budget_crowns_no_style_when_every_affordable_interval_overlaps()
    {
        var recommendation = Recommender.RecommendOne("m", TaskType.Math, Small, new TokenBudget(300));

        Assert.Null(recommendation.Style);
        Assert.StartsWith("Within 300 mean output tokens, no style can be told apart on this evidence: the 95% intervals of all 2 styles overlap the most accurate one's (cot: accuracy 0.800", recommendation.Reason);
        Assert.Contains("direct uses the fewest tokens (20 mean output tokens)", recommendation.Reason);
        Assert.Equal([true, true, false], recommendation.Evidence.Select(e => e.Eligible));
    }

    [Theory]
    [InlineData(100, "direct")]
    [InlineData(1000, "cot")]
    [InlineData(10, null)]
    public void Token_budget_picks_the_most_accurate_style_within_it(double budget, string? expected)
    {
        var recommendation = Recommender.RecommendOne("m", TaskType.Math, Small, new TokenBudget(budget));
        Assert.Equal(expected, recommendation.Style);
        Assert.Equal(Small.Select(r => r.Summary.MeanOutputTokens <= budget), recommendation.Evidence.Select(e => e.Eligible));
        if (expected is null)
        {
            Assert.Contains("No style stays within 10", recommendation.Reason);
        }
    }

    [Fact]
    public void Accuracy_per_token_rewards_cheap_accuracy()
    {
        var recommendation = Recommender.RecommendOne("m", TaskType.Math, Small, new AccuracyPerToken());
        Assert.Equal("direct", recommendation.Style);
        Assert.Equal(0.7 / 20, recommendation.Evidence[1].AccuracyPerToken, 12);
    }

    [Fact]
    public void Styles_without_scored_items_never_win()
    {
        List<StyleResult> results = [Result("tot", 0, 0, 0), Result("cot", 1, 10, 100)];
        var recommendation = Recommender.RecommendOne("m", TaskType.Math, results, new AccuracyPerToken());
        Assert.Equal("cot", recommendation.Style);
        Assert.Equal("no scored items", recommendation.Evidence[0].Note);
    }

    [Fact]
    public void Results_built_from_outcomes_compare_in_the_chosen_verdict_mode()
    {
        ItemOutcome Item(int i, Verdict strict, Verdict flexible, int tokens) => new($"i{i}", 1, strict, flexible, tokens, TimeSpan.Zero);
        var direct = Enumerable.Range(0, 40).Select(i => Item(i, Verdict.NoAnswer, Verdict.Correct, 10)).ToList();
        var cot = Enumerable.Range(0, 40).Select(i => Item(i, i < 30 ? Verdict.Correct : Verdict.Incorrect, i < 30 ? Verdict.Correct : Verdict.Incorrect, 200)).ToList();

        Recommendation For(VerdictMode mode) => Recommender.RecommendOne("m", TaskType.Math,
            [StyleResult.From("m", TaskType.Math, "direct", direct, mode), StyleResult.From("m", TaskType.Math, "cot", cot, mode)],
            new AccuracyFirst());

        Assert.Equal("cot", For(VerdictMode.Strict).Style);
        Assert.Equal("direct", For(VerdictMode.Flexible).Style);
    }

    [Fact]
    public void One_recommendation_per_model_and_task_type()
    {
        List<StyleResult> results =
        [
            Result("cot", 9, 10, 100, "b", TaskType.Logic), Result("direct", 2, 10, 5, "b", TaskType.Logic),
            Result("cot", 10, 10, 100, "a", TaskType.Math), Result("direct", 0, 10, 5, "a", TaskType.Math),
        ];
        var recommendations = Recommender.Recommend(results, new AccuracyFirst());
        Assert.Equal([("a", TaskType.Math, "cot"), ("b", TaskType.Logic, "cot")],
            recommendations.Select(r => (r.Model, r.TaskType, r.Style)));
    }
}
