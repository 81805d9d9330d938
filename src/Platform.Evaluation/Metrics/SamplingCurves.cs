using Platform.Evaluation.Datasets;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;

namespace Platform.Evaluation.Metrics;

/// <summary>What a self-consistency vote does when several answers share the most votes.</summary>
public enum VoteTieRule
{
    /// <summary>The answer whose first vote came from the lowest sample number wins (the default).</summary>
    First,

    /// <summary>No answer wins: a tie is no majority, and the item has no answer.</summary>
    None,
}

/// <summary>The K samples of one item as a vote sees them.</summary>
/// <param name="VoteKeys">Each sample's vote key in sample order; null for a sample without an answer.</param>
/// <param name="CorrectKeys">The keys whose answer the suite's checker accepts.</param>
public sealed record SampledItem(IReadOnlyList<string?> VoteKeys, IReadOnlySet<string> CorrectKeys)
{
    /// <summary>From a vote's samples: each distinct key is judged once, on the answer of its first sample.</summary>
    public static SampledItem FromVotes(IReadOnlyList<SampleVote> votes, Func<string, bool> isCorrect)
    {
        var correct = votes.Where(v => v.VoteKey is not null && v.Answer is not null)
            .GroupBy(v => v.VoteKey!, StringComparer.Ordinal)
            .Where(g => isCorrect(g.OrderBy(v => v.Sample).First().Answer!))
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        return new SampledItem(votes.OrderBy(v => v.Sample).Select(v => v.VoteKey).ToList(), correct);
    }

    /// <summary>
    /// From each sample's final output, read exactly as the vote reads it (flexible extraction, then
    /// <see cref="SelfConsistency.VoteKey"/>), each distinct answer judged by the suite's checker.
    /// </summary>
    public static SampledItem FromOutputs(IReadOnlyList<(string Text, bool Truncated)> outputs, Item item, AnswerKind kind, IAnswerChecker checker) =>
        FromVotes(outputs.Select((output, i) =>
        {
            var answer = AnswerExtractor.Flexible(output.Text, kind, item.Choices.Count, output.Truncated).Answer;
            return new SampleVote(i, answer, answer is null ? null : SelfConsistency.VoteKey(kind, item.Choices.Count, answer));
        }).ToList(), answer => checker.Check(item, answer).IsCorrect);

    /// <summary>
    /// Each sample's final output from a voted item's transcript, or null when it does not hold <paramref name="samples"/>
    /// of them: the one forked request (step <c>samples</c>) of a single-prompt style, else, for a style run once per
    /// sample, the last call of each <c>sample i:</c> step, which gave that sample's final output.
    /// </summary>
    public static IReadOnlyList<(string Text, bool Truncated)>? SampleOutputs(IReadOnlyList<Exchange> transcript, int samples)
    {
        var forked = transcript.FirstOrDefault(e => e.Step == "samples");
        if (forked is not null)
        {
            return forked.Completions.Count == samples ? forked.Completions.Select(c => (c.Text, c.Truncated)).ToList() : null;
        }
        var outputs = new List<(string, bool)>();
        for (var i = 0; i < samples; i++)
        {
            var prefix = $"sample {i.ToString(System.Globalization.CultureInfo.InvariantCulture)}: ";
            var last = transcript.LastOrDefault(e => e.Step.StartsWith(prefix, StringComparison.Ordinal) && e.Completions.Count > 0);
            if (last is null)
            {
                return null;
            }
            outputs.Add((last.Completions[0].Text, last.Completions[0].Truncated));
        }
        return outputs;
    }

    public int Samples => VoteKeys.Count;

    public int CorrectSamples => VoteKeys.Count(k => k is not null && CorrectKeys.Contains(k));
}

/// <summary>One k of a curve: the mean over items and its 95% percentile-bootstrap interval over items.</summary>
public sealed record CurvePoint(int K, double Value, Interval Interval95);

/// <param name="Samples">K, the fewest samples any item has; the curves run k = 1..K.</param>
public sealed record SamplingCurve(int Samples, int Items, VoteTieRule TieRule, IReadOnlyList<CurvePoint> MajorityAtK, IReadOnlyList<CurvePoint> PassAtK);

/// <summary>maj@k and pass@k for every k up to the samples a run drew, from the same samples.</summary>
public static class SamplingCurves
{
    public const int BootstrapResamples = 2000;

    /// <summary>Fixed, so a page shows the same interval on every visit.</summary>
    public const int BootstrapSeed = 20240229;

    /// <summary>
    /// The unbiased pass@k of one item with n samples of which c are correct: 1 − C(n−c, k)/C(n, k), the chance that
    /// a random k of the n include a correct one; computed as 1 − Π_{i=n−c+1..n} (1 − k/i) to stay finite.
    /// </summary>
    public static double PassAtK(int n, int c, int k)
    {
        if (n < 1 || c < 0 || c > n || k < 1 || k > n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"pass@k needs 1 <= k <= n and 0 <= c <= n; got n = {n}, c = {c}, k = {k}.");
        }
        if (n - c < k)
        {
            return 1;
        }
        var none = 1.0;
        for (var i = n - c + 1; i <= n; i++)
        {
            none *= 1 - (double)k / i;
        }
        return 1 - none;
    }

    /// <summary>
    /// The mean, over all C(n, k) subsets of k of the item's n samples, of whether a vote among those k picks a
    /// correct answer. Samples without an answer take part in a subset but cast no vote. Under <see cref="VoteTieRule.First"/>
    /// a tie among t answers credits (correct ones among them)/t: samples are exchangeable draws, so each tied answer
    /// is equally likely to hold the subset's earliest sample. Under <see cref="VoteTieRule.None"/> a tie credits 0.
    /// Exact: a walk over the answers' vote counts, not an enumeration of subsets.
    /// </summary>
    public static double MajorityAtK(SampledItem item, int k, VoteTieRule rule)
    {
        var n = item.Samples;
        if (k < 1 || k > n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"maj@k needs 1 <= k <= n; got k = {k} with n = {n}.");
        }
        var silent = item.VoteKeys.Count(v => v is null);
        var groups = item.VoteKeys.Where(v => v is not null).GroupBy(v => v!, StringComparer.Ordinal)
            .Select(g => (Count: g.Count(), Correct: item.CorrectKeys.Contains(g.Key))).ToList();
        // State: (samples chosen, top vote count, answers at the top, correct answers at the top) -> number of subsets.
        var states = new Dictionary<(int Used, int Top, int Tied, int CorrectTied), double>();
        for (var j = 0; j <= Math.Min(silent, k); j++)
        {
            states[(j, 0, 0, 0)] = Choose(silent, j);
        }
        foreach (var (count, correct) in groups)
        {
            var next = new Dictionary<(int, int, int, int), double>();
            foreach (var ((used, top, tied, correctTied), weight) in states)
            {
                for (var j = 0; j <= Math.Min(count, k - used); j++)
                {
                    var key = j == 0 || j < top ? (used + j, top, tied, correctTied)
                        : j > top ? (used + j, j, 1, correct ? 1 : 0)
                        : (used + j, top, tied + 1, correctTied + (correct ? 1 : 0));
                    next[key] = next.GetValueOrDefault(key) + weight * Choose(count, j);
                }
            }
            states = next;
        }
        var credit = 0.0;
        foreach (var ((used, top, tied, correctTied), weight) in states)
        {
            if (used != k || top == 0)
            {
                continue;
            }
            credit += weight * (rule == VoteTieRule.First ? (double)correctTied / tied : tied == 1 && correctTied == 1 ? 1 : 0);
        }
        return credit / Choose(n, k);
    }

    /// <summary>Both curves over items, k = 1..K with K the fewest samples of any item; null when there are no items.</summary>
    public static SamplingCurve? Compute(IReadOnlyList<SampledItem> items, VoteTieRule rule)
    {
        if (items.Count == 0 || items.Min(i => i.Samples) < 1)
        {
            return null;
        }
        var samples = items.Min(i => i.Samples);
        var majority = new List<CurvePoint>();
        var pass = new List<CurvePoint>();
        for (var k = 1; k <= samples; k++)
        {
            majority.Add(Point(k, items.Select(i => MajorityAtK(i, k, rule)).ToArray()));
            pass.Add(Point(k, items.Select(i => PassAtK(i.Samples, i.CorrectSamples, k)).ToArray()));
        }
        return new SamplingCurve(samples, items.Count, rule, majority, pass);
    }

    /// <summary>The mean with the 2.5% and 97.5% quantiles of the means of <see cref="BootstrapResamples"/> resamples of items.</summary>
    public static CurvePoint Point(int k, double[] perItem)
    {
        var random = new Random(BootstrapSeed);
        var means = new double[BootstrapResamples];
        for (var b = 0; b < BootstrapResamples; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < perItem.Length; i++)
            {
                sum += perItem[random.Next(perItem.Length)];
            }
            means[b] = sum / perItem.Length;
        }
        Array.Sort(means);
        return new CurvePoint(k, perItem.Average(),
            new Interval(means[(int)Math.Floor(0.025 * (BootstrapResamples - 1))], means[(int)Math.Ceiling(0.975 * (BootstrapResamples - 1))]));
    }

    private static double Choose(int n, int k)
    {
        if (k < 0 || k > n)
        {
            return 0;
        }
        var result = 1.0;
        for (var i = 1; i <= Math.Min(k, n - k); i++)
        {
            result = result * (n - Math.Min(k, n - k) + i) / i;
        }
        return result;
    }
}
