namespace Platform.Cli.Bench;

/// <summary>
/// Run-to-run noise on a shared machine is around 15%, so comparisons use medians over rounds, and a ratio is
/// the ratio of the two medians (not the median of per-round ratios, which pairs unrelated noise).
/// </summary>
public static class BenchStatistics
{
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("The median of no measurements is undefined.", nameof(values));
        }
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static double RatioOfMedians(IReadOnlyCollection<double> ours, IReadOnlyCollection<double> reference)
    {
        var referenceMedian = Median(reference);
        if (referenceMedian <= 0)
        {
            throw new ArgumentException("The reference median is not positive; a ratio against it means nothing.", nameof(reference));
        }
        return Median(ours) / referenceMedian;
    }
}
