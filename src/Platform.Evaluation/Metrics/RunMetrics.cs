using Platform.Evaluation.Scoring;

namespace Platform.Evaluation.Metrics;

/// <summary>Which verdict a metric counts: strict (requested format only) or flexible (fallbacks allowed).</summary>
public enum VerdictMode { Strict, Flexible }

/// <summary>
/// What metrics need to know about one item of a run; stored results map onto it without the raw text.
/// </summary>
/// <param name="Failed">The item's generation failed with an error; it has no verdict and is left out of every rate.</param>
/// <param name="OutputTokens">All output tokens the style spent on the item, every call and sample included.</param>
public sealed record ItemOutcome(
    string ItemId, int Level, Verdict Strict, Verdict Flexible, int OutputTokens, TimeSpan Latency, bool Failed = false)
{
    public Verdict VerdictFor(VerdictMode mode) => mode == VerdictMode.Strict ? Strict : Flexible;
}

/// <param name="Scored">Items with a verdict (failed items excluded); the denominator of every rate.</param>
/// <param name="Failed">Items whose generation failed; reported so that a low count of scored items is explained.</param>
/// <param name="TokensPerCorrect">Total output tokens over the number of correct answers; null when none was correct.</param>
public sealed record Summary(
    VerdictMode Mode,
    int Scored,
    int Failed,
    Proportion Accuracy,
    Proportion NoAnswer,
    double MeanOutputTokens,
    double? TokensPerCorrect,
    TimeSpan MeanLatency);

public sealed record LevelSummary(int Level, Summary Summary);

public enum McNemarMethod { NoDiscordantPairs, ExactBinomial, ChiSquareWithContinuityCorrection }

/// <param name="OnlyA">Items A got right and B did not (b in the usual notation).</param>
/// <param name="OnlyB">Items B got right and A did not (c).</param>
/// <param name="ChiSquare">The statistic (|b − c| − 1)² / (b + c), when that method was used.</param>
public sealed record McNemarResult(
    int Pairs, int BothCorrect, int OnlyA, int OnlyB, int NeitherCorrect, McNemarMethod Method, double? ChiSquare, double PValue);

/// <summary>Pure functions from item outcomes to the numbers the leaderboard shows.</summary>
public static class RunMetrics
{
    /// <summary>Below this many discordant pairs McNemar's test uses the exact binomial distribution.</summary>
    public const int ExactMcNemarBelow = 25;

    public static Summary Summarize(IEnumerable<ItemOutcome> outcomes, VerdictMode mode)
    {
        var all = outcomes.ToList();
        var scored = all.Where(o => !o.Failed).ToList();
        var correct = scored.Count(o => o.VerdictFor(mode) == Verdict.Correct);
        var noAnswer = scored.Count(o => o.VerdictFor(mode) == Verdict.NoAnswer);
        long tokens = scored.Sum(o => (long)o.OutputTokens);
        return new Summary(
            mode,
            scored.Count,
            all.Count - scored.Count,
            new Proportion(correct, scored.Count),
            new Proportion(noAnswer, scored.Count),
            scored.Count == 0 ? 0 : (double)tokens / scored.Count,
            correct == 0 ? null : (double)tokens / correct,
            scored.Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(scored.Sum(o => o.Latency.Ticks) / scored.Count));
    }

    /// <summary>One summary per difficulty level, lowest level first.</summary>
    public static IReadOnlyList<LevelSummary> ByLevel(IEnumerable<ItemOutcome> outcomes, VerdictMode mode) =>
        outcomes.GroupBy(o => o.Level).OrderBy(g => g.Key).Select(g => new LevelSummary(g.Key, Summarize(g, mode))).ToList();

    /// <summary>
    /// McNemar's test of two styles run on the same items, paired by item id; items that failed in either run
    /// are left out. With b + c discordant pairs below <see cref="ExactMcNemarBelow"/> the p-value is the exact
    /// two-sided binomial min(1, 2·P(X ≤ min(b, c))) with X ~ Bin(b + c, 1/2); otherwise it is the chi-square
    /// statistic with continuity correction, (|b − c| − 1)² / (b + c), on one degree of freedom.
    /// </summary>
    public static McNemarResult McNemar(IEnumerable<ItemOutcome> a, IEnumerable<ItemOutcome> b, VerdictMode mode)
    {
        var first = IndexById(a, "first");
        var second = IndexById(b, "second");
        int both = 0, onlyA = 0, onlyB = 0, neither = 0;
        foreach (var (id, x) in first)
        {
            if (x.Failed || !second.TryGetValue(id, out var y) || y.Failed)
            {
                continue;
            }
            var aRight = x.VerdictFor(mode) == Verdict.Correct;
            var bRight = y.VerdictFor(mode) == Verdict.Correct;
            _ = (aRight, bRight) switch
            {
                (true, true) => both++,
                (true, false) => onlyA++,
                (false, true) => onlyB++,
                _ => neither++,
            };
        }
        var pairs = both + onlyA + onlyB + neither;
        var discordant = onlyA + onlyB;
        if (discordant == 0)
        {
            return new McNemarResult(pairs, both, onlyA, onlyB, neither, McNemarMethod.NoDiscordantPairs, null, 1);
        }
        if (discordant < ExactMcNemarBelow)
        {
            return new McNemarResult(pairs, both, onlyA, onlyB, neither, McNemarMethod.ExactBinomial, null,
                Statistics.BinomialTwoSidedHalf(onlyA, discordant));
        }
        var difference = Math.Abs(onlyA - onlyB) - 1.0;
        var chiSquare = difference * difference / discordant;
        return new McNemarResult(pairs, both, onlyA, onlyB, neither, McNemarMethod.ChiSquareWithContinuityCorrection,
            chiSquare, Statistics.ChiSquareOneDofSurvival(chiSquare));
    }

    private static Dictionary<string, ItemOutcome> IndexById(IEnumerable<ItemOutcome> outcomes, string which)
    {
        var index = new Dictionary<string, ItemOutcome>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            if (!index.TryAdd(outcome.ItemId, outcome))
            {
                throw new ArgumentException(
                    $"Item '{outcome.ItemId}' appears twice in the {which} run; a paired test needs one outcome per item.");
            }
        }
        return index;
    }
}
