namespace Platform.Evaluation.Datasets.Suites;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood): a tiny generator whose output depends only on the seed, never on the
/// runtime, so a suite built from a seed is the same on every machine and every .NET version.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextULong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var n = (ulong)maxExclusive;
        var limit = ulong.MaxValue - ulong.MaxValue % n;
        ulong draw;
        do draw = NextULong(); while (draw >= limit);
        return (int)(draw % n);
    }

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>], both ends included.</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public bool Chance(int percent) => Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> options) => options[Next(options.Count)];

    public void Shuffle<T>(IList<T> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    /// <summary>A list of <paramref name="count"/> distinct picks, in random order.</summary>
    public List<T> Sample<T>(IReadOnlyList<T> options, int count)
    {
        var copy = options.ToList();
        Shuffle(copy);
        return copy.Take(count).ToList();
    }

    /// <summary>
    /// Combines values into one seed; used to give every (suite, seed, level, index) its own stream. Each part is
    /// folded into an already mixed value, so parts that differ only in low bits still give unrelated seeds.
    /// </summary>
    public static ulong Mix(params ulong[] parts)
    {
        var hash = 0x5EED5EED5EED5EEDUL;
        foreach (var part in parts) hash = new SplitMix64(hash ^ part).NextULong();
        return hash;
    }

    /// <summary>FNV-1a over UTF-16 code units: a stable string hash (string.GetHashCode is randomised per process).</summary>
    public static ulong HashName(string name)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in name)
        {
            hash ^= c;
            hash *= 0x100000001B3UL;
        }
        return hash;
    }
}
