using Platform.Evaluation.Metrics;
using Platform.Evaluation.Styles;

namespace Platform.Jobs.Catalog;

/// <summary>A style as people choose it: its name, what it does in one line, and the style built with defaults.</summary>
public sealed record StyleEntry(string Name, string Description, ThinkingStyle Style);

/// <summary>The style table as listings and the stored catalog show it; each description is the style's own.</summary>
public static class StyleCatalog
{
    /// <summary>Samples of the self-consistency row the catalog stores besides the base styles.</summary>
    public const int StoredSelfConsistencySamples = 5;

    /// <summary>Every base style with default parameters, in the style table's order.</summary>
    public static IReadOnlyList<StyleEntry> BaseStyles { get; } = StyleTable.Names
        .Select(name => StyleTable.Create(name))
        .Select(style => new StyleEntry(style.Name, style.Description, style))
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
        return new StyleEntry(style.Label, style.Description, style);
    }

    /// <summary>The description of a style of the table; empty for a name it does not know.</summary>
    public static string Describe(string name) =>
        StyleTable.Styles.TryGetValue(name, out var factory) ? factory().Description : "";
}
