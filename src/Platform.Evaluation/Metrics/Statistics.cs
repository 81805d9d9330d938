namespace Platform.Evaluation.Metrics;

/// <summary>A closed interval of a proportion.</summary>
public sealed record Interval(double Lower, double Upper)
{
    public bool Overlaps(Interval other) => Lower <= other.Upper && other.Lower <= Upper;
}

/// <summary>k successes out of n trials, with its 95% Wilson score interval.</summary>
public sealed record Proportion(int Successes, int Trials)
{
    /// <summary>0 when there were no trials; the interval is then [0, 1], saying that nothing is known.</summary>
    public double Value => Trials == 0 ? 0 : (double)Successes / Trials;

    public Interval Wilson95 => Statistics.WilsonInterval(Successes, Trials);
}

/// <summary>The exact numeric pieces the metrics need, written out so their accuracy is known and tested.</summary>
public static class Statistics
{
    /// <summary>The 0.975 quantile of the standard normal distribution.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The 0.80 quantile of the standard normal distribution (80% power).</summary>
    public const double Z80 = 0.8416212335729143;

    /// <summary>
    /// Items per group for a two-sided two-proportion z-test to tell <paramref name="p1"/> from <paramref name="p2"/>:
    /// n = (z_a·√(2·p̄(1−p̄)) + z_b·√(p1(1−p1) + p2(1−p2)))² / (p1 − p2)², p̄ the mean of the two, rounded up.
    /// The defaults are 5% significance and 80% power.
    /// </summary>
    public static int TwoProportionSampleSize(double p1, double p2, double zAlpha = Z95, double zPower = Z80)
    {
        if (p1 is < 0 or > 1 || p2 is < 0 or > 1 || p1 == p2)
        {
            throw new ArgumentOutOfRangeException(nameof(p2), $"Two different proportions in [0, 1] are needed; got {p1} and {p2}.");
        }
        var mean = (p1 + p2) / 2;
        var root = zAlpha * Math.Sqrt(2 * mean * (1 - mean)) + zPower * Math.Sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return (int)Math.Ceiling(root * root / ((p1 - p2) * (p1 - p2)) - 1e-9);
    }

    /// <summary>
    /// Wilson score interval: centre (p + z²/2n) / (1 + z²/n), half-width z / (1 + z²/n) · √(p(1−p)/n + z²/4n²).
    /// Unlike p ± z·√(p(1−p)/n) it stays inside [0, 1] and is honest at 0/n and n/n.
    /// </summary>
    public static Interval WilsonInterval(int successes, int trials, double z = Z95)
    {
        if (trials < 0 || successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), $"A proportion needs 0 <= successes <= trials; got {successes} of {trials}.");
        }
        if (trials == 0)
        {
            return new Interval(0, 1);
        }
        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Interval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>Two-sided exact binomial test of k successes in n trials against p = 1/2: min(1, 2·P(X ≤ min(k, n−k))).</summary>
    public static double BinomialTwoSidedHalf(int successes, int trials)
    {
        if (trials == 0)
        {
            return 1;
        }
        var tail = Math.Min(successes, trials - successes);
        // C(n, i) / 2^n built up term by term; n stays small where this is used, so no precision is lost.
        var term = Math.Pow(0.5, trials);
        var sum = 0.0;
        for (var i = 0; i <= tail; i++)
        {
            sum += term;
            term = term * (trials - i) / (i + 1);
        }
        return Math.Min(1, 2 * sum);
    }

    /// <summary>P(X ≥ x) for a chi-square variable with one degree of freedom: erfc(√(x/2)).</summary>
    public static double ChiSquareOneDofSurvival(double x) => x <= 0 ? 1 : Erfc(Math.Sqrt(x / 2));

    /// <summary>
    /// Complementary error function to about 1e-15 relative accuracy: the Taylor series of erf below 2, and the
    /// continued fraction of erfc (evaluated with the modified Lentz method) above, where 1 − erf would lose digits.
    /// </summary>
    public static double Erfc(double x)
    {
        if (x < 0)
        {
            return 2 - Erfc(-x);
        }
        if (x < 2)
        {
            // erf(x) = 2/√π · Σ (−1)^n x^(2n+1) / (n! (2n+1))
            var sum = 0.0;
            var power = x;
            for (var n = 0; n < 100; n++)
            {
                var term = power / (2 * n + 1);
                sum += term;
                if (Math.Abs(term) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }
                power *= -x * x / (n + 1);
            }
            return 1 - 2 / Math.Sqrt(Math.PI) * sum;
        }
        // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        const double tiny = 1e-300;
        var f = x;
        var c = x;
        var d = 0.0;
        for (var k = 1; k < 500; k++)
        {
            var a = k / 2.0;
            d = x + a * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}
