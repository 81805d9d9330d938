using System.Globalization;
using Platform.Evaluation.Scoring.Checkers;

namespace Platform.Evaluation.Datasets.Suites;

/// <summary>A request for a built-in suite: "game24", "game24@3", "game24@2-4" or "game24@1,3,5".</summary>
public sealed record SuiteSpec(string Name, IReadOnlyList<int> Levels)
{
    public static readonly IReadOnlyList<int> AllLevels = [1, 2, 3, 4, 5];

    public static SuiteSpec Parse(string text)
    {
        var at = text.IndexOf('@');
        var name = (at < 0 ? text : text[..at]).Trim().ToLowerInvariant();
        if (name.Length == 0) throw new FormatException($"'{text}' names no suite; use one of: {string.Join(", ", BuiltInSuites.Names)}");
        if (at < 0) return new SuiteSpec(name, AllLevels);

        var levels = new SortedSet<int>();
        foreach (var part in text[(at + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length is < 1 or > 2 || !range.All(r => int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw new FormatException($"'{text}': levels after '@' must look like 3, 2-4 or 1,3,5");
            var from = int.Parse(range[0], CultureInfo.InvariantCulture);
            var to = int.Parse(range[^1], CultureInfo.InvariantCulture);
            if (from < 1 || to > 5 || from > to)
                throw new FormatException($"'{text}': levels run from 1 to 5, and a range goes low-high");
            for (var level = from; level <= to; level++) levels.Add(level);
        }
        return new SuiteSpec(name, levels.ToList());
    }

    public override string ToString() =>
        Levels.SequenceEqual(AllLevels) ? Name : $"{Name}@{string.Join(',', Levels)}";
}

/// <summary>
/// The built-in procedural suites by name, and the one way to turn (name, seed, count) into a <see cref="Suite"/>.
/// Item i of level L depends only on the suite, the seed, L and i (and, to avoid repeats, on items 0..i-1 of
/// the same level): asking for more items or other levels never changes the items already produced.
/// </summary>
public static class BuiltInSuites
{
    public static IReadOnlyDictionary<string, ISuiteGenerator> All { get; } =
        new ISuiteGenerator[]
        {
            new Game24Suite(), new ArithmeticSuite(), new DeductionSuite(),
            new BlocksworldSuite(), new AlgorithmicSuite(), new SymbolicSuite(),
        }.ToDictionary(g => g.Name, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<string> Names { get; } = All.Keys.ToList();

    public static ISuiteGenerator Get(string name) =>
        All.TryGetValue(name.Trim(), out var generator)
            ? generator
            : throw new KeyNotFoundException($"There is no built-in suite '{name}'. Built-in suites: {string.Join(", ", Names)}.");

    /// <summary>Builds from a spec such as "game24@3" (see <see cref="SuiteSpec"/>).</summary>
    public static Suite Build(string spec, ulong seed, int countPerLevel)
    {
        var parsed = SuiteSpec.Parse(spec);
        return Build(Get(parsed.Name), seed, countPerLevel, parsed.Levels);
    }

    public static Suite Build(ISuiteGenerator generator, ulong seed, int countPerLevel, IReadOnlyList<int>? levels = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(countPerLevel);
        levels ??= SuiteSpec.AllLevels;
        if (levels.Count == 0 || levels.Any(l => l is < 1 or > 5))
            throw new ArgumentOutOfRangeException(nameof(levels), "levels run from 1 to 5");
        var items = new List<Item>();
        foreach (var level in levels.Distinct().Order())
        {
            var asked = new HashSet<string>(StringComparer.Ordinal);
            for (var index = 0; index < countPerLevel; index++)
            {
                // A repeated question is drawn again from a fresh stream; small levels (3 blocks have only 156
                // start/goal pairs) may run out of new questions, and then a repeat is kept.
                var item = GenerateItem(generator, seed, level, index);
                for (var attempt = 1; !asked.Add(item.Question) && attempt <= MaxRedraws; attempt++)
                    item = GenerateItem(generator, seed, level, index, attempt);
                items.Add(item);
            }
        }
        var spec = new SuiteSpec(generator.Name, levels.Distinct().Order().ToList());
        var version = $"{generator.Version}/seed={seed}/n={countPerLevel}/levels={string.Join(',', spec.Levels)}";
        return new Suite(generator.Name, version, generator.TaskType, generator.AnswerKind, generator.Description,
            items, AnswerCheckers.For(generator.AnswerKind));
    }

    private const int MaxRedraws = 20;

    public static Item GenerateItem(ISuiteGenerator generator, ulong seed, int level, int index, int attempt = 0)
    {
        var streamSeed = attempt == 0
            ? SplitMix64.Mix(SplitMix64.HashName(generator.Name), seed, (ulong)level, (ulong)index)
            : SplitMix64.Mix(SplitMix64.HashName(generator.Name), seed, (ulong)level, (ulong)index, (ulong)attempt);
        var stream = new SplitMix64(streamSeed);
        var id = $"{generator.Name}-{seed}-L{level}-{index.ToString("D4", CultureInfo.InvariantCulture)}";
        return generator.Generate(level, stream, id);
    }
}
