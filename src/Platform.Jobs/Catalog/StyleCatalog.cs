using Platform.Evaluation.Metrics;
using Platform.Evaluation.Styles;

namespace Platform.Jobs.Catalog;

/// <summary>A style as people choose it: its name, what it does in one line, and the style built with defaults.</summary>
public sealed record StyleEntry(string Name, string Description, ThinkingStyle Style);

/// <summary>The style table with a one-line description of each style, for listings and the stored catalog.</summary>
public static class StyleCatalog
{
    /// <summary>Samples of the self-consistency row the catalog stores besides the base styles.</summary>
    public const int StoredSelfConsistencySamples = 5;

    private static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [Direct.Name] = "Answer at once, with no reasoning written out.",
        [ChainOfThought.Name] = "Reason step by step in free text, then give the answer.",
        [ChainOfDraft.Name] = "Chain of Draft: reason in terse drafts of a few words per step.",
        [SketchOfThought.Name] = "Sketch-of-Thought: compact notation chosen by task type (symbols, concept chains or expert shorthand).",
        [AlgorithmOfThought.Name] = "Algorithm of Thought: search, check and backtrack within a single answer.",
        [TreeOfThought.Name] = "Tree of Thoughts: propose several next steps, rate them, keep the best few, answer from the best path.",
        [ExpertPanel.Name] = "Several imagined experts reason in turns in one prompt and drop out when wrong.",
        [StyleBench.NameOf(StyleBenchStrategy.CoT)] = "StyleBench protocol, chain of thought: \"Let's think step by step.\" in its message layout and decoding.",
        [StyleBench.NameOf(StyleBenchStrategy.ToT)] = "StyleBench protocol, tree of thought as one prompt: three imagined experts, one step each, wrong ones leave.",
        [StyleBench.NameOf(StyleBenchStrategy.AoT)] = "StyleBench protocol, algorithm of thought as one prompt: forward analysis, then backtracking to the answer.",
        [StyleBench.NameOf(StyleBenchStrategy.CoD)] = "StyleBench protocol, chain of draft: drafts of at most 5 words per step, with its four worked examples.",
        [StyleBench.NameOf(StyleBenchStrategy.SoT)] = "StyleBench protocol, sketch of thought: a paradigm chosen per question by a fixed rule.",
    };

    /// <summary>Every base style with default parameters, in the style table's order.</summary>
    public static IReadOnlyList<StyleEntry> BaseStyles { get; } = StyleTable.Names
        .Select(name => new StyleEntry(name, Describe(name), StyleTable.Create(name)))
        .ToList();

    /// <summary>The rows the database's style catalog holds: every base style, plus chain of thought voted over five samples.</summary>
    public static IReadOnlyList<StyleEntry> StoredStyles { get; } =
    [
        .. BaseStyles,
        Voted(ChainOfThought.Name, StoredSelfConsistencySamples),
    ];

    public static StyleEntry Voted(string inner, int samples, VoteTieRule tieRule = VoteTieRule.First)
    {
        var style = StyleTable.Create(inner, samples, tieRule: tieRule);
        var ties = tieRule == VoteTieRule.None ? " A tie is no majority." : "";
        return new StyleEntry(style.Label, $"Self-consistency: majority vote over {samples} sampled answers of '{inner}'.{ties} {Describe(inner)}", style);
    }

    public static string Describe(string name) =>
        Descriptions.TryGetValue(name, out var description) ? description : "";
}
