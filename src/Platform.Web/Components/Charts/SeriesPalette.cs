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
    /// <summary>Okabe–Ito order, with yellow last because it is the hardest to see on white.</summary>
    public static IReadOnlyList<string> Colors { get; } =
        ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

    private static readonly MarkerShape[] Shapes =
        [MarkerShape.Circle, MarkerShape.Square, MarkerShape.Triangle, MarkerShape.Diamond];

    /// <summary>
    /// Styles for the given names. Up to eight distinct names get distinct colours; beyond that colours repeat
    /// (paired with different shapes where possible). The result depends only on the set of names, not their order.
    /// </summary>
    public static IReadOnlyDictionary<string, SeriesStyle> Assign(IEnumerable<string> names)
    {
        var distinct = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var taken = new bool[Colors.Count];
        var styles = new Dictionary<string, SeriesStyle>(StringComparer.Ordinal);
        var overflow = 0;
        foreach (var name in distinct)
        {
            var preferred = PreferredSlot(name);
            var slot = -1;
            for (var probe = 0; probe < Colors.Count; probe++)
            {
                var candidate = (preferred + probe) % Colors.Count;
                if (!taken[candidate])
                {
                    slot = candidate;
                    break;
                }
            }
            if (slot >= 0)
            {
                taken[slot] = true;
                styles[name] = new SeriesStyle(Colors[slot], Shapes[slot % Shapes.Length]);
            }
            else
            {
                styles[name] = new SeriesStyle(Colors[preferred], Shapes[(preferred + 1 + overflow++) % Shapes.Length]);
            }
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
