using System.Globalization;
using System.Text.Json.Serialization;
using Platform.Evaluation.Datasets;

namespace Platform.Evaluation.Metrics;

/// <summary>How to pick one style out of several measured on the same model and task type.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "policy")]
[JsonDerivedType(typeof(AccuracyFirst), "accuracy-first")]
[JsonDerivedType(typeof(TokenBudget), "token-budget")]
[JsonDerivedType(typeof(AccuracyPerToken), "accuracy-per-token")]
public abstract record RecommendationPolicy;

/// <summary>
/// The most accurate style; when other styles' 95% intervals overlap the leader's, the difference is not
/// established, and the cheapest (fewest mean output tokens) of those is recommended instead. When every measured
/// style overlaps the leader, none is recommended: the evidence cannot tell them apart.
/// </summary>
public sealed record AccuracyFirst : RecommendationPolicy;

/// <summary>
/// The most accurate style whose mean output tokens stay within the budget; equal accuracy goes to fewer tokens.
/// When several stay within it and all overlap the most accurate one's 95% interval, none is recommended.
/// </summary>
public sealed record TokenBudget(double MaxMeanOutputTokens) : RecommendationPolicy;

/// <summary>The style with the most accuracy per mean output token.</summary>
public sealed record AccuracyPerToken : RecommendationPolicy;

/// <summary>One style's measured results for a model and task type: the input of a recommendation.</summary>
public sealed record StyleResult(string Model, TaskType TaskType, string Style, Summary Summary)
{
    public static StyleResult From(string model, TaskType taskType, string style, IEnumerable<ItemOutcome> outcomes, VerdictMode mode) =>
        new(model, taskType, style, RunMetrics.Summarize(outcomes, mode));
}

/// <summary>The numbers one style was compared on, and whether the policy let it compete.</summary>
public sealed record StyleEvidence(
    string Style, int Scored, double Accuracy, Interval Interval, double MeanOutputTokens, double AccuracyPerToken,
    bool Eligible, string Note);

/// <param name="Style">The recommended style, or null when none qualified (the reason says why).</param>
public sealed record Recommendation(
    string Model, TaskType TaskType, RecommendationPolicy Policy, string? Style, string Reason, IReadOnlyList<StyleEvidence> Evidence);

public static class Recommender
{
    /// <summary>One recommendation per (model, task type) present in the results, ordered by model then task type.</summary>
    public static IReadOnlyList<Recommendation> Recommend(IEnumerable<StyleResult> results, RecommendationPolicy policy) =>
        results.GroupBy(r => (r.Model, r.TaskType))
            .OrderBy(g => g.Key.Model, StringComparer.Ordinal).ThenBy(g => g.Key.TaskType)
            .Select(g => RecommendOne(g.Key.Model, g.Key.TaskType, g.ToList(), policy))
            .ToList();

    public static Recommendation RecommendOne(
        string model, TaskType taskType, IReadOnlyList<StyleResult> results, RecommendationPolicy policy)
    {
        var duplicate = results.GroupBy(r => r.Style).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Style '{duplicate.Key}' has {duplicate.Count()} results for {model} / {taskType}; merge them first.");
        }
        var measured = results.Where(r => r.Summary.Scored > 0).ToList();
        var evidence = new List<StyleEvidence>();
        string? chosen;
        string reason;
        switch (policy)
        {
            case AccuracyFirst:
            {
                var leader = measured.OrderByDescending(Accuracy).ThenBy(Tokens).ThenBy(r => r.Style, StringComparer.Ordinal).FirstOrDefault();
                var contenders = leader is null ? [] : measured.Where(r => r.Summary.Accuracy.Wilson95.Overlaps(leader.Summary.Accuracy.Wilson95)).ToList();
                var pick = contenders.OrderBy(Tokens).ThenByDescending(Accuracy).ThenBy(r => r.Style, StringComparer.Ordinal).FirstOrDefault();
                evidence.AddRange(results.Select(r => Evidence(r, contenders.Contains(r),
                    r.Summary.Scored == 0 ? "no scored items"
                    : r == leader ? "highest accuracy"
                    : contenders.Contains(r) ? "interval overlaps the leader's"
                    : "interval below the leader's")));
                chosen = pick?.Style;
                if (leader is not null && measured.Count > 1 && contenders.Count == measured.Count)
                {
                    chosen = null;
                    reason = Indistinguishable(leader, measured, "No style");
                    break;
                }
                reason = leader is null || pick is null ? "No style has scored items."
                    : pick == leader ? $"{leader.Style} has the highest accuracy ({Describe(leader)})" +
                        (contenders.Count > 1 ? " and the fewest tokens among the styles it cannot be told apart from." : ".")
                    : $"{leader.Style} has the highest accuracy ({Describe(leader)}), but {pick.Style} ({Describe(pick)}) " +
                      "is not distinguishable from it (overlapping 95% intervals) and uses fewer tokens.";
                break;
            }
            case TokenBudget budget:
            {
                var affordable = measured.Where(r => r.Summary.MeanOutputTokens <= budget.MaxMeanOutputTokens).ToList();
                var pick = affordable.OrderByDescending(Accuracy).ThenBy(Tokens).ThenBy(r => r.Style, StringComparer.Ordinal).FirstOrDefault();
                evidence.AddRange(results.Select(r => Evidence(r, affordable.Contains(r),
                    r.Summary.Scored == 0 ? "no scored items"
                    : affordable.Contains(r) ? "within budget" : "over budget")));
                chosen = pick?.Style;
                if (pick is not null && affordable.Count > 1
                    && affordable.All(r => r.Summary.Accuracy.Wilson95.Overlaps(pick.Summary.Accuracy.Wilson95)))
                {
                    chosen = null;
                    reason = Indistinguishable(pick, affordable, $"Within {Format(budget.MaxMeanOutputTokens)} mean output tokens, no style");
                    break;
                }
                reason = pick is null
                    ? $"No style stays within {Format(budget.MaxMeanOutputTokens)} mean output tokens."
                    : $"{pick.Style} is the most accurate style within {Format(budget.MaxMeanOutputTokens)} mean output tokens ({Describe(pick)}).";
                break;
            }
            case AccuracyPerToken:
            {
                var pick = measured.OrderByDescending(PerToken).ThenByDescending(Accuracy).ThenBy(r => r.Style, StringComparer.Ordinal).FirstOrDefault();
                evidence.AddRange(results.Select(r => Evidence(r, r.Summary.Scored > 0,
                    r.Summary.Scored == 0 ? "no scored items" : "compared on accuracy per token")));
                chosen = pick?.Style;
                reason = pick is null ? "No style has scored items."
                    : $"{pick.Style} gives the most accuracy per output token ({PerToken(pick).ToString("G4", CultureInfo.InvariantCulture)}; {Describe(pick)}).";
                break;
            }
            default:
                throw new ArgumentException($"Unknown recommendation policy {policy.GetType().Name}.", nameof(policy));
        }
        return new Recommendation(model, taskType, policy, chosen, reason, evidence);
    }

    /// <summary>The difference a reader would want told apart, and the power, that the sample-size estimate is stated for.</summary>
    public const double DetectableDifference = 0.10;

    public const double Power = 0.80;

    /// <summary>
    /// Says that no style wins, and how many items per style a two-proportion z-test would need to tell
    /// <see cref="DetectableDifference"/> apart from the styles' pooled accuracy with <see cref="Power"/>.
    /// </summary>
    private static string Indistinguishable(StyleResult leader, IReadOnlyList<StyleResult> compared, string subject)
    {
        var scored = compared.Sum(r => r.Summary.Scored);
        var baseline = scored == 0 ? 0 : compared.Sum(r => r.Summary.Accuracy.Value * r.Summary.Scored) / scored;
        var other = baseline + DetectableDifference <= 1 ? baseline + DetectableDifference : baseline - DetectableDifference;
        var needed = Statistics.TwoProportionSampleSize(baseline, other, Statistics.Z95, Statistics.Z80);
        var fewest = compared.Min(r => r.Summary.Scored);
        var most = compared.Max(r => r.Summary.Scored);
        var cheapest = compared.OrderBy(Tokens).ThenBy(r => r.Style, StringComparer.Ordinal).First();
        var widest = compared.Max(r => r.Summary.Accuracy.Wilson95.Upper);
        var overlap = compared.All(r => Accuracy(r) == Accuracy(leader))
            ? string.Create(CultureInfo.InvariantCulture, $"all {compared.Count} styles score {Accuracy(leader):0.000}, with 95% intervals reaching up to {widest:0.000}")
            : string.Create(CultureInfo.InvariantCulture, $"the 95% intervals of all {compared.Count} styles overlap the most accurate one's ({leader.Style}: {Describe(leader)})");
        var cost = Tokens(cheapest) < compared.Max(Tokens)
            ? string.Create(CultureInfo.InvariantCulture, $" If cost decides meanwhile, {cheapest.Style} uses the fewest tokens ({Tokens(cheapest):0.#} mean output tokens).")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{subject} can be told apart on this evidence: {overlap}. Telling a difference of {DetectableDifference * 100:0} percentage points apart " +
            $"({baseline * 100:0}% against {other * 100:0}%) with {Power * 100:0}% power at 5% two-sided significance takes about {needed} items per style " +
            $"(two-proportion z-test); these have {(fewest == most ? $"{fewest}" : $"{fewest} to {most}")} each.{cost}");
    }

    private static double Accuracy(StyleResult r) => r.Summary.Accuracy.Value;

    private static double Tokens(StyleResult r) => r.Summary.MeanOutputTokens;

    /// <summary>A style that spent no tokens is counted as one token, so the ratio stays finite.</summary>
    private static double PerToken(StyleResult r) => r.Summary.Accuracy.Value / Math.Max(1, r.Summary.MeanOutputTokens);

    private static StyleEvidence Evidence(StyleResult r, bool eligible, string note) => new(
        r.Style, r.Summary.Scored, r.Summary.Accuracy.Value, r.Summary.Accuracy.Wilson95, r.Summary.MeanOutputTokens,
        PerToken(r), eligible, note);

    private static string Describe(StyleResult r)
    {
        var interval = r.Summary.Accuracy.Wilson95;
        return string.Create(CultureInfo.InvariantCulture,
            $"accuracy {r.Summary.Accuracy.Value:0.000} [{interval.Lower:0.000}, {interval.Upper:0.000}], {r.Summary.MeanOutputTokens:0.#} mean output tokens");
    }

    private static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
