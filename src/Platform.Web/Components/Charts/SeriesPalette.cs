namespace Platform.Web.Components.Charts;

/// <summary>A series' colour and marker shape; the shape keeps series apart where colours are hard to tell apart.</summary>
public sealed record SeriesStyle(string Color, MarkerShape Shape);

/// <summary>
/// Stable colours per series name from the Okabe–Ito palette, which stays distinguishable under the common
/// colour-vision deficiencies. A name prefers the same slot on every chart (from a fixed hash of its text), so
/// "CoT" keeps its colour across the leaderboard; names that collide within one chart move to the next free slot.
/// </summary>
public static class SeriesPalette
{
    /// <summary>
    /// Okabe–Ito without its yellow, which nearly vanishes on a white page as a line or hollow marker; a ninth
    /// series pairs a colour with a different shape instead.
    /// </summary>
    public static IReadOnlyList<string> Colors { get; } =
        ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

    private static readonly MarkerShape[] Shapes =
        [MarkerShape.Circle, MarkerShape.Square, MarkerShape.Triangle, MarkerShape.Diamond];

    /// <summary>
    /// Styles for the given names. Up to seven distinct names get distinct colours; beyond that colours repeat with
    /// a different marker shape. The result depends only on the set of names, not their order.
    /// </summary>
    public static IReadOnlyDictionary<string, SeriesStyle> Assign(IEnumerable<string> names)
    {
        var distinct = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var taken = new HashSet<(int Color, MarkerShape Shape)>();
        var styles = new Dictionary<string, SeriesStyle>(StringComparer.Ordinal);
        foreach (var name in distinct)
        {
            // Fresh colours first (each with its slot's shape); once all are used, the same colours with other
            // shapes, so every series up to colours x shapes still has a look of its own.
            var preferred = PreferredSlot(name);
            var choice = Enumerable.Range(0, Shapes.Length)
                .SelectMany(shapeOffset => Enumerable.Range(0, Colors.Count).Select(colorOffset =>
                {
                    var color = (preferred + colorOffset) % Colors.Count;
                    return (Color: color, Shape: Shapes[(color + shapeOffset) % Shapes.Length]);
                }))
                .Where(candidate => !taken.Contains(candidate))
                .Select(candidate => ((int Color, MarkerShape Shape)?)candidate)
                .FirstOrDefault() ?? (preferred, Shapes[preferred % Shapes.Length]);
            taken.Add(choice);
            styles[name] = new SeriesStyle(Colors[choice.Color], choice.Shape);
        }
        return styles;
    }

    /// <summary>FNV-1a over the UTF-16 code units: string.GetHashCode is randomised per process and would reshuffle colours on restart.</summary>
    public static int PreferredSlot(string name)
    {
        var hash = 2166136261u;
        foreach (var unit in name)
        {
            hash ^= unit;
            hash *= 16777619u;
        }
        return (int)(hash % (uint)Colors.Count);
    }
}
