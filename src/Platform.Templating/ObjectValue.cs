using System.Text;

namespace Platform.Templating;

/// <summary>A mapping that keeps insertion order; keys compare as the template's == does (1, 1.0 and true are one key).</summary>
public sealed class ObjectValue : Value
{
    private readonly List<KeyValuePair<Value, Value>> pairs = [];
    private readonly Dictionary<Value, int> index = new(KeyComparer.Instance);

    // The context and loop objects expose no methods (so `loop.items` is a plain lookup).
    public bool HasBuiltins { get; init; } = true;

    public IReadOnlyList<KeyValuePair<Value, Value>> Pairs => pairs;
    public override string TypeName => "Object";
    public override bool IsImmutable => false;
    public override bool IsHashable => pairs.All(p => p.Value.IsImmutable && p.Value.IsHashable);
    public override bool AsBool() => pairs.Count > 0;
    internal override Builtins.Table GetBuiltins() => HasBuiltins ? Builtins.Object : Builtins.Empty;

    public bool HasKey(Value key)
    {
        if (!key.IsImmutable || !key.IsHashable) throw new TemplateError("Object key of unhashable type: " + key.TypeName);
        return index.ContainsKey(key);
    }

    public void Set(string key, Value value) => Set(new StringValue(key), value);

    public void Set(Value key, Value value)
    {
        if (HasKey(key)) pairs[index[key]] = new(pairs[index[key]].Key, value);
        else
        {
            index[key] = pairs.Count;
            pairs.Add(new(key, value));
        }
    }

    public Value Get(Value key, Value fallback) => HasKey(key) ? pairs[index[key]].Value : fallback;
    public Value Get(string key, Value fallback) => Get(new StringValue(key), fallback);
    public Value Get(string key) => Get(new StringValue(key));

    public Value Get(Value key) => HasKey(key)
        ? pairs[index[key]].Value
        : throw new TemplateError("Key '" + key.AsString() + "' not found in value of type " + TypeName);

    public ObjectValue CopyWith(IEnumerable<KeyValuePair<Value, Value>> ordered)
    {
        var copy = new ObjectValue();
        foreach (var (k, v) in ordered) copy.Set(k, v);
        return copy;
    }

    public override string AsString()
    {
        var sb = new StringBuilder("{");
        for (int i = 0; i < pairs.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(ReprOf(pairs[i].Key)).Append(": ").Append(ReprOf(pairs[i].Value));
        }
        return sb.Append('}').ToString();
    }

    public override bool Equivalent(Value other) =>
        other is ObjectValue o && IsHashable && o.IsHashable && o.pairs.Count == pairs.Count
        && pairs.Zip(o.pairs).All(p => p.First.Key.Equivalent(p.Second.Key) && p.First.Value.Equivalent(p.Second.Value));

    private sealed class KeyComparer : IEqualityComparer<Value>
    {
        public static readonly KeyComparer Instance = new();
        public bool Equals(Value? x, Value? y) => x != null && y != null && x.Equivalent(y);

        public int GetHashCode(Value v) => v switch
        {
            StringValue s => s.Text.GetHashCode(StringComparison.Ordinal),
            _ when v.IsNumeric => v.IntPart == v.FloatPart ? v.IntPart.GetHashCode() : v.FloatPart.GetHashCode(),
            ArrayValue a => a.Items.Aggregate(17, (h, item) => h * 31 + GetHashCode(item)),
            ObjectValue o => o.pairs.Count,
            KwargValue k => k.Key.GetHashCode(StringComparison.Ordinal),
            _ => v.GetType().GetHashCode(),
        };
    }
}
