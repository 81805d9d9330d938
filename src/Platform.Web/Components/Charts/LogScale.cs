namespace Platform.Web.Components.Charts;

/// <summary>
/// A base-10 logarithmic mapping, for token counts that span orders of magnitude (a direct answer of 20 tokens
/// next to a tree-of-thought run of 4,000). The domain always ends on powers of ten.
/// </summary>
public sealed class LogScale : IChartScale
{
    private LogScale(double domainMin, double domainMax, double rangeStart, double rangeEnd, IReadOnlyList<double> ticks)
    {
        DomainMin = domainMin;
        DomainMax = domainMax;
        RangeStart = rangeStart;
        RangeEnd = rangeEnd;
        Ticks = ticks;
    }

    public double DomainMin { get; }
    public double DomainMax { get; }
    public double RangeStart { get; }
    public double RangeEnd { get; }
    public IReadOnlyList<double> Ticks { get; }

    public double Map(double value)
    {
        if (value <= 0 || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, "A log scale can only place values greater than zero.");
        var logMin = Math.Log10(DomainMin);
        var logMax = Math.Log10(DomainMax);
        return RangeStart + (Math.Log10(value) - logMin) / (logMax - logMin) * (RangeEnd - RangeStart);
    }

    /// <summary>
    /// A scale from the power of ten at or below <paramref name="dataMin"/> to the one at or above
    /// <paramref name="dataMax"/>. Ticks sit on powers of ten, with 2x and 5x added when the data spans one
    /// or two decades and powers alone would leave the axis nearly bare.
    /// </summary>
    public static LogScale Nice(double dataMin, double dataMax, double rangeStart, double rangeEnd)
    {
        LinearScale.RequireFinite(dataMin, nameof(dataMin));
        LinearScale.RequireFinite(dataMax, nameof(dataMax));
        if (dataMin <= 0)
            throw new ArgumentOutOfRangeException(nameof(dataMin), dataMin,
                "A log scale needs values greater than zero; use a linear scale when some values are zero.");
        if (dataMin > dataMax)
            throw new ArgumentException(
                $"Data min {ChartFormat.Number(dataMin)} is greater than data max {ChartFormat.Number(dataMax)}; pass the smaller value first.");

        var lowPower = (int)Math.Floor(Math.Log10(dataMin) + 1e-12);
        var highPower = (int)Math.Ceiling(Math.Log10(dataMax) - 1e-12);
        if (highPower == lowPower)
            highPower++;

        var decades = highPower - lowPower;
        double[] multipliers = decades <= 2 ? [1, 2, 5] : [1];
        var ticks = new List<double>();
        for (var power = lowPower; power <= highPower; power++)
        {
            foreach (var multiplier in multipliers)
            {
                var tick = multiplier * Math.Pow(10, power);
                if (power == highPower && multiplier > 1)
                    break;
                ticks.Add(power < 0 ? multiplier / Math.Pow(10, -power) : tick);
            }
        }
        return new LogScale(Math.Pow(10, lowPower), Math.Pow(10, highPower), rangeStart, rangeEnd, ticks);
    }
}
