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
    /// solver, sequence budget, paraphrases) and one line here. A factory takes the paraphrase number; one for a style
    /// without paraphrases ignores it, and <see cref="Create"/> refuses any number but 0 for it.
    /// </summary>
    private static readonly Func<int, ThinkingStyle>[] Registered =
    [
        Direct.Create,
        ChainOfThought.Create,
        paraphrase => ChainOfDraft.Create(paraphrase: paraphrase),
        paraphrase => SketchOfThought.Create(paraphrase: paraphrase),
        AlgorithmOfThought.Create,
        paraphrase => TreeOfThought.Create(paraphrase: paraphrase),
        paraphrase => ExpertPanel.Create(paraphrase: paraphrase),
        paraphrase => StyleBench.Create(StyleBenchStrategy.CoT, paraphrase: paraphrase),
        paraphrase => StyleBench.Create(StyleBenchStrategy.ToT, paraphrase: paraphrase),
        paraphrase => StyleBench.Create(StyleBenchStrategy.AoT, paraphrase: paraphrase),
        paraphrase => StyleBench.Create(StyleBenchStrategy.CoD, paraphrase: paraphrase),
        paraphrase => StyleBench.Create(StyleBenchStrategy.SoT, paraphrase: paraphrase),
    ];

    /// <summary>Each style's factory by name, taking the paraphrase (0: the style's own wording).</summary>
    private static readonly Dictionary<string, Func<int, ThinkingStyle>> ByName = Registered.ToDictionary(factory => factory(0).Name);

    /// <summary>Each style by name, built with default parameters and its own wording.</summary>
    public static IReadOnlyDictionary<string, Func<ThinkingStyle>> Styles { get; } =
        ByName.ToDictionary(entry => entry.Key, entry => (Func<ThinkingStyle>)(() => entry.Value(0)));

    public static IEnumerable<string> Names => Styles.Keys;

    /// <summary>The named style with default parameters, voted over <paramref name="samples"/> samples when above 1.</summary>
    /// <param name="name">A style name, or a label such as <c>cot+sc5</c>.</param>
    /// <param name="tieRule">How the vote treats a tie; only meaningful with more than one sample.</param>
    /// <param name="paraphrase">Which wording of the style's instructions (0: its own; see <see cref="ThinkingStyle.ParaphraseCount"/>).</param>
    public static ThinkingStyle Create(
        string name, int samples = 1, float? temperature = null, VoteTieRule tieRule = VoteTieRule.First, int paraphrase = 0)
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
            return Create(name[..marker], labelled, temperature, tieRule, paraphrase);
        }
        if (!ByName.TryGetValue(name, out var factory))
        {
            throw new ArgumentException(
                $"Unknown thinking style '{name}'. Known styles: {string.Join(", ", Names)}; add '--samples k' (or '+scK') for self-consistency.",
                nameof(name));
        }
        if (samples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "The number of samples must be at least 1.");
        }
        var style = factory(paraphrase);
        if (style.Paraphrase != paraphrase)
        {
            // A style without written paraphrases ignores the number; refuse it rather than run the original twice.
            Paraphrases.Pick(Enumerable.Range(0, style.ParaphraseCount).ToArray(), paraphrase, name);
        }
        return samples == 1 ? style : SelfConsistency.Wrap(style, samples, temperature, tieRule);
    }
}
