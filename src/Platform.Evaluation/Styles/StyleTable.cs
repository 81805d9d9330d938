using System.Globalization;
using Platform.Evaluation.Metrics;

namespace Platform.Evaluation.Styles;

/// <summary>
/// Every style by name, with its default parameters. Self-consistency is not a name of its own but a wrapper:
/// <c>Create("cot", samples: 5)</c>, or the label form <c>"cot+sc5"</c>.
/// </summary>
public static class StyleTable
{
    /// <summary>
    /// Every style, in the order listings show them: a style is its own file (name, version, description, parameters,
    /// solver, sequence budget) and one line here.
    /// </summary>
    private static readonly Func<ThinkingStyle>[] Registered =
    [
        Direct.Create,
        ChainOfThought.Create,
        () => ChainOfDraft.Create(),
        () => SketchOfThought.Create(),
        AlgorithmOfThought.Create,
        () => TreeOfThought.Create(),
        () => ExpertPanel.Create(),
        () => StyleBench.Create(StyleBenchStrategy.CoT),
        () => StyleBench.Create(StyleBenchStrategy.ToT),
        () => StyleBench.Create(StyleBenchStrategy.AoT),
        () => StyleBench.Create(StyleBenchStrategy.CoD),
        () => StyleBench.Create(StyleBenchStrategy.SoT),
    ];

    public static IReadOnlyDictionary<string, Func<ThinkingStyle>> Styles { get; } = Registered.ToDictionary(factory => factory().Name);

    public static IEnumerable<string> Names => Styles.Keys;

    /// <summary>The named style with default parameters, voted over <paramref name="samples"/> samples when above 1.</summary>
    /// <param name="name">A style name, or a label such as <c>cot+sc5</c>.</param>
    /// <param name="tieRule">How the vote treats a tie; only meaningful with more than one sample.</param>
    public static ThinkingStyle Create(string name, int samples = 1, float? temperature = null, VoteTieRule tieRule = VoteTieRule.First)
    {
        var marker = name.IndexOf("+" + SelfConsistency.Name, StringComparison.Ordinal);
        if (marker > 0)
        {
            var count = name[(marker + 1 + SelfConsistency.Name.Length)..];
            if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var labelled) || labelled < 2)
            {
                throw new ArgumentException(
                    $"'{name}' is not a valid style label: after '+sc' write the number of samples (2 or more), e.g. 'cot+sc5'.", nameof(name));
            }
            if (samples > 1 && samples != labelled)
            {
                throw new ArgumentException($"'{name}' asks for {labelled} samples but {samples} were also requested; give the count once.", nameof(samples));
            }
            return Create(name[..marker], labelled, temperature, tieRule);
        }
        if (!Styles.TryGetValue(name, out var factory))
        {
            throw new ArgumentException(
                $"Unknown thinking style '{name}'. Known styles: {string.Join(", ", Names)}; add '--samples k' (or '+scK') for self-consistency.",
                nameof(name));
        }
        if (samples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "The number of samples must be at least 1.");
        }
        var style = factory();
        return samples == 1 ? style : SelfConsistency.Wrap(style, samples, temperature, tieRule);
    }
}
