namespace Platform.Web.Components.Charts;

/// <summary>
/// A linear mapping from a data domain to a pixel range. <see cref="Nice"/> widens the domain to round tick
/// values (0..137 becomes 0..140 with ticks every 20) so axes read naturally.
/// </summary>
public sealed class LinearScale : IChartScale
{
    public LinearScale(double domainMin, double domainMax, double rangeStart, double rangeEnd, IReadOnlyList<double>? ticks = null)
    {
        RequireFinite(domainMin, nameof(domainMin));
        RequireFinite(domainMax, nameof(domainMax));
        RequireFinite(rangeStart, nameof(rangeStart));
        RequireFinite(rangeEnd, nameof(rangeEnd));
        if (domainMin >= domainMax)
            throw new ArgumentException(
                $"A linear scale needs a domain with min < max, got {ChartFormat.Number(domainMin)}..{ChartFormat.Number(domainMax)}; use LinearScale.Nice for data that may be a single value.");
        DomainMin = domainMin;
        DomainMax = domainMax;
        RangeStart = rangeStart;
        RangeEnd = rangeEnd;
        Ticks = ticks ?? TickValues(domainMin, domainMax, 5);
    }

    public double DomainMin { get; }
    public double DomainMax { get; }
    public double RangeStart { get; }
    public double RangeEnd { get; }
    public IReadOnlyList<double> Ticks { get; }

    public double Map(double value) =>
        RangeStart + (value - DomainMin) / (DomainMax - DomainMin) * (RangeEnd - RangeStart);

    /// <summary>
    /// A scale whose domain covers <paramref name="dataMin"/>..<paramref name="dataMax"/> and ends on round ticks.
    /// A single value (3..3) is widened to a small range around it (2..4) so the point sits mid-axis instead of
    /// dividing by zero.
    /// </summary>
    public static LinearScale Nice(double dataMin, double dataMax, double rangeStart, double rangeEnd, int targetTickCount = 5)
    {
        RequireFinite(dataMin, nameof(dataMin));
        RequireFinite(dataMax, nameof(dataMax));
        if (dataMin > dataMax)
            throw new ArgumentException(
                $"Data min {ChartFormat.Number(dataMin)} is greater than data max {ChartFormat.Number(dataMax)}; pass the smaller value first.");
        if (targetTickCount < 1)
            throw new ArgumentOutOfRangeException(nameof(targetTickCount), targetTickCount, "A scale needs at least one tick.");

        if (dataMin == dataMax)
        {
            var padding = Math.Max(1, Math.Abs(dataMin) * 0.1);
            dataMin -= padding;
            dataMax += padding;
        }

        var step = TickStep(dataMin, dataMax, targetTickCount);
        var niceMin = Math.Floor(dataMin / step) * step;
        var niceMax = Math.Ceiling(dataMax / step) * step;
        return new LinearScale(niceMin, niceMax, rangeStart, rangeEnd, TickValues(niceMin, niceMax, targetTickCount));
    }

    /// <summary>Round tick values (multiples of 1, 2 or 5 times a power of ten) inside min..max, about <paramref name="targetCount"/> of them.</summary>
    public static IReadOnlyList<double> TickValues(double min, double max, int targetCount)
    {
        RequireFinite(min, nameof(min));
        RequireFinite(max, nameof(max));
        if (min == max)
            return [min];
        if (min > max)
            (min, max) = (max, min);

        // Ticks are built from integer indices and divided by an integer where the step is below one, so that
        // 0.1 * 3 prints as 0.3 rather than 0.30000000000000004.
        var step = TickStep(min, max, targetCount);
        var ticks = new List<double>();
        if (step >= 1)
        {
            var first = Math.Ceiling(min / step);
            var last = Math.Floor(max / step);
            for (var index = first; index <= last; index++)
                ticks.Add(index * step);
        }
        else
        {
            var inverse = Math.Round(1 / step);
            var first = Math.Ceiling(min * inverse);
            var last = Math.Floor(max * inverse);
            for (var index = first; index <= last; index++)
                ticks.Add(index / inverse);
        }
        return ticks;
    }

    private static double TickStep(double min, double max, int targetCount)
    {
        var roughStep = (max - min) / Math.Max(1, targetCount);
        var power = Math.Floor(Math.Log10(roughStep));
        var magnitude = Math.Pow(10, power);
        var fraction = roughStep / magnitude;
        var factor = fraction >= Math.Sqrt(50) ? 10 : fraction >= Math.Sqrt(10) ? 5 : fraction >= Math.Sqrt(2) ? 2 : 1;
        return factor * magnitude;
    }

    internal static void RequireFinite(double value, string name)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"Chart values must be finite numbers; {name} is {value}.", name);
    }
}
