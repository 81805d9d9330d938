namespace Platform.Evaluation.Scoring.Checkers;

/// <summary>
/// An arrangement of blocks in stacks on a table. Its text form lists stacks separated by ';', each from the
/// bottom block to the top, blocks separated by spaces: "A B; C" is B on A, A and C on the table.
/// </summary>
public sealed class BlocksWorld
{
    public const string Table = "table";

    private readonly Dictionary<string, string> _below;

    private BlocksWorld(Dictionary<string, string> below) => _below = below;

    public IReadOnlyCollection<string> Blocks => _below.Keys;

    /// <summary>What the block stands on: another block or <see cref="Table"/>.</summary>
    public string Below(string block) => _below[block];

    public bool Contains(string block) => _below.ContainsKey(block);

    public bool IsClear(string block) => !_below.ContainsValue(block);

    public static BlocksWorld FromStacks(IEnumerable<IReadOnlyList<string>> stacks)
    {
        var below = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var stack in stacks)
            for (var i = 0; i < stack.Count; i++)
            {
                if (!below.TryAdd(stack[i], i == 0 ? Table : stack[i - 1]))
                    throw new FormatException($"block {stack[i]} appears twice");
            }
        return new BlocksWorld(below);
    }

    public static BlocksWorld Parse(string text) =>
        FromStacks(text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => (IReadOnlyList<string>)s.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    /// <summary>Stacks bottom to top, ordered by their bottom block so equal worlds print the same.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Stacks()
    {
        var above = _below.Where(p => p.Value != Table).ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        var stacks = new List<IReadOnlyList<string>>();
        foreach (var bottom in _below.Where(p => p.Value == Table).Select(p => p.Key).Order(StringComparer.Ordinal))
        {
            var stack = new List<string> { bottom };
            while (above.TryGetValue(stack[^1], out var next)) stack.Add(next);
            stacks.Add(stack);
        }
        return stacks;
    }

    public BlocksWorld With(string block, string newBelow)
    {
        var copy = new Dictionary<string, string>(_below, StringComparer.Ordinal) { [block] = newBelow };
        return new BlocksWorld(copy);
    }

    public bool SameArrangement(BlocksWorld other) =>
        _below.Count == other._below.Count && _below.All(p => other._below.TryGetValue(p.Key, out var b) && b == p.Value);

    public override string ToString() => string.Join("; ", Stacks().Select(s => string.Join(' ', s)));

    /// <summary>Sentences for a question: "B is on A. A is on the table."</summary>
    public IEnumerable<string> Describe() =>
        Stacks().SelectMany(stack => stack.Select((block, i) => i == 0 ? $"{block} is on the table." : $"{block} is on {stack[i - 1]}.").Reverse());
}
