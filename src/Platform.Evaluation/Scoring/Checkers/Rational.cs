using System.Globalization;
using System.Numerics;

namespace Platform.Evaluation.Scoring.Checkers;

/// <summary>
/// An exact fraction, always reduced with a positive denominator. Checkers compare with it so that
/// "0.75", "3/4" and "75%" agree without any floating-point rounding.
/// </summary>
public readonly record struct Rational : IComparable<Rational>
{
    public BigInteger Numerator { get; }
    public BigInteger Denominator { get; }

    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException("A fraction cannot have a zero denominator.");
        if (denominator.Sign < 0) { numerator = -numerator; denominator = -denominator; }
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsOne && !gcd.IsZero) { numerator /= gcd; denominator /= gcd; }
        Numerator = numerator;
        Denominator = numerator.IsZero ? BigInteger.One : denominator;
    }

    public static Rational Zero { get; } = new(0, 1);
    public static Rational One { get; } = new(1, 1);
    public static Rational Hundred { get; } = new(100, 1);

    public bool IsInteger => Denominator.IsOne;
    public bool IsZero => Numerator.IsZero;

    public static implicit operator Rational(long value) => new(value, 1);

    public static Rational operator +(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    public static Rational operator -(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    public static Rational operator *(Rational a, Rational b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);
    public static Rational operator /(Rational a, Rational b) =>
        b.IsZero ? throw new DivideByZeroException("Division by zero.") : new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);
    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator);

    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    public Rational Abs() => Numerator.Sign < 0 ? -this : this;

    public int CompareTo(Rational other) =>
        (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>Parses a plain decimal such as "-12.50" or "3" (no separators, no exponent).</summary>
    public static Rational ParseDecimal(string digits, string fraction = "", int exponent = 0)
    {
        var numerator = BigInteger.Parse(digits + fraction, NumberStyles.None, CultureInfo.InvariantCulture);
        var scale = exponent - fraction.Length;
        return scale >= 0
            ? new Rational(numerator * BigInteger.Pow(10, scale), 1)
            : new Rational(numerator, BigInteger.Pow(10, -scale));
    }

    /// <summary>"12", "-3/4"; a terminating fraction is also readable as its decimal in <see cref="ToDecimalString"/>.</summary>
    public override string ToString() =>
        IsInteger ? Numerator.ToString(CultureInfo.InvariantCulture)
                  : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The decimal form when the fraction terminates ("0.75"), otherwise the "a/b" form.</summary>
    public string ToDecimalString()
    {
        if (IsInteger) return ToString();
        var d = Denominator;
        int twos = 0, fives = 0;
        while ((d % 2).IsZero) { d /= 2; twos++; }
        while ((d % 5).IsZero) { d /= 5; fives++; }
        if (!d.IsOne) return ToString();
        var places = Math.Max(twos, fives);
        var scaled = BigInteger.Abs(Numerator) * BigInteger.Pow(10, places) / Denominator;
        var text = scaled.ToString(CultureInfo.InvariantCulture).PadLeft(places + 1, '0');
        var sign = Numerator.Sign < 0 ? "-" : "";
        return $"{sign}{text[..^places]}.{text[^places..]}";
    }
}
