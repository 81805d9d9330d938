namespace Platform.Evaluation.Metrics;

/// <summary>
/// How much a cell's accuracy moves when only the wording of the style's instructions changes: the accuracies of
/// one run per paraphrase, their mean, range and sample standard deviation.
/// </summary>
/// <param name="Count">n: the paraphrases with a finished run.</param>
/// <param name="StandardDeviation">The sample standard deviation (n − 1 in the denominator).</param>
public sealed record ParaphraseSpread(int Count, double Mean, double Min, double Max, double StandardDeviation)
{
    /// <summary>The spread of the given accuracies, or null with fewer than two (one wording has no spread).</summary>
    public static ParaphraseSpread? Of(IReadOnlyCollection<double> accuracies)
    {
        if (accuracies.Count < 2)
        {
            return null;
        }
        var mean = accuracies.Average();
        var variance = accuracies.Sum(a => (a - mean) * (a - mean)) / (accuracies.Count - 1);
        return new ParaphraseSpread(accuracies.Count, mean, accuracies.Min(), accuracies.Max(), Math.Sqrt(variance));
    }
}
