using System.Globalization;
using System.Text;

namespace Platform.Templating;

/// <summary>
/// A template value. The type system and its coercions follow llama.cpp's Jinja engine (common/jinja/value.h),
/// which is what the models' prompts are checked against, rather than Python's Jinja2.
/// </summary>
public abstract class Value
{
    // Usage marks, collected only while probing a template's capabilities (see TemplateCapabilities).
    internal bool Used;
    internal HashSet<string>? Ops;

    internal long IntPart;
    internal double FloatPart;

    public abstract string TypeName { get; }
    public virtual bool IsNumeric => false;
    public virtual bool IsHashable => false;
    public virtual bool IsImmutable => true;
    public virtual bool IsNone => false;
    public virtual bool IsUndefined => false;

    public virtual long AsInt() => throw TypeError("is not an int value");
    public virtual double AsFloat() => throw TypeError("is not a float value");
    public virtual string AsString() => throw TypeError("is not a string value");
    public virtual bool AsBool() => throw TypeError("is not a bool value");
    public virtual IReadOnlyList<Value> AsArray() => throw TypeError("is not an array value");
    internal virtual Builtins.Table GetBuiltins() => throw TypeError("has no builtins");
    public virtual string Repr() => AsString();

    /// <summary>Loose equality, as the template's == operator uses it.</summary>
    public abstract bool Equivalent(Value other);

    internal TemplateError TypeError(string expected) => new(TypeName + " " + expected);

    internal void MarkUsed(bool deep = false)
    {
        Used = true;
        if (!deep) return;
        if (this is ArrayValue array) foreach (var item in array.Items) item.MarkUsed(true);
        else if (this is ObjectValue obj) foreach (var (k, v) in obj.Pairs) { k.MarkUsed(true); v.MarkUsed(true); }
    }

    internal void AddOp(string op) => (Ops ??= new HashSet<string>()).Add(op);
    internal bool HasOp(string op) => Ops?.Contains(op) == true;

    internal static string ReprOf(Value v)
    {
        if (v is StringValue s) return s.Text.Contains('\'') ? JsonWriter.Write(v) : "'" + s.Text + "'";
        return v.Repr();
    }
}

public sealed class UndefinedValue(string hint = "") : Value
{
    public string Hint { get; } = hint;
    public override string TypeName => Hint.Length == 0 ? "Undefined" : "Undefined (hint: '" + Hint + "')";
    public override bool IsUndefined => true;
    public override bool AsBool() => false;
    public override string Repr() => TypeName;
    internal override Builtins.Table GetBuiltins() => Builtins.Undefined;
    public override bool Equivalent(Value other) => other.IsUndefined;
}

public sealed class NoneValue : Value
{
    public override string TypeName => "None";
    public override bool IsNone => true;
    public override bool IsHashable => true;
    public override bool AsBool() => false;
    public override string AsString() => "None";
    public override string Repr() => "None";
    internal override Builtins.Table GetBuiltins() => Builtins.None;
    public override bool Equivalent(Value other) => other is NoneValue;
}

public sealed class BoolValue : Value
{
    public BoolValue(bool value) { IntPart = value ? 1 : 0; FloatPart = IntPart; }
    public bool Value => IntPart != 0;
    public override string TypeName => "Boolean";
    public override bool IsNumeric => true;
    public override bool IsHashable => true;
    public override long AsInt() => IntPart;
    public override bool AsBool() => IntPart != 0;
    public override string AsString() => Value ? "True" : "False";
    internal override Builtins.Table GetBuiltins() => Builtins.Bool;
    public override bool Equivalent(Value other) => other.IsNumeric && IntPart == other.IntPart && FloatPart == other.FloatPart;
}

public sealed class IntValue : Value
{
    public IntValue(long value)
    {
        IntPart = value;
        FloatPart = value;
        if ((long)FloatPart != value) FloatPart = value < 0 ? double.NegativeInfinity : double.PositiveInfinity;
    }
    public long Value => IntPart;
    public override string TypeName => "Integer";
    public override bool IsNumeric => true;
    public override bool IsHashable => true;
    public override long AsInt() => IntPart;
    public override double AsFloat() => FloatPart;
    public override bool AsBool() => IntPart != 0;
    public override string AsString() => IntPart.ToString(CultureInfo.InvariantCulture);
    internal override Builtins.Table GetBuiltins() => Builtins.Int;
    public override bool Equivalent(Value other) => other.IsNumeric && IntPart == other.IntPart && FloatPart == other.FloatPart;
}

public sealed class FloatValue : Value
{
    public FloatValue(double value)
    {
        FloatPart = value;
        IntPart = double.IsFinite(value) ? (long)value : 0;
    }
    public double Value => FloatPart;
    public override string TypeName => "Float";
    public override bool IsNumeric => true;
    public override bool IsHashable => true;
    public override long AsInt() => IntPart;
    public override double AsFloat() => FloatPart;
    public override bool AsBool() => FloatPart != 0.0;
    // std::to_string (six decimals), then trailing zeros dropped but one kept after the point.
    public override string AsString() => NumberFormat.Fixed6Trimmed(FloatPart);
    internal override Builtins.Table GetBuiltins() => Builtins.Float;
    public override bool Equivalent(Value other) => other.IsNumeric && IntPart == other.IntPart && FloatPart == other.FloatPart;
}

public sealed class StringValue(string text) : Value
{
    public string Text { get; } = text;
    public override string TypeName => "String";
    public override bool IsHashable => true;
    public override string AsString() => Text;
    public override bool AsBool() => Text.Length > 0;
    internal override Builtins.Table GetBuiltins() => Builtins.String;
    public override bool Equivalent(Value other) => other is StringValue s && s.Text == Text;
}

/// <summary>A list, or a tuple when <see cref="IsTuple"/> (tuples are immutable).</summary>
public sealed class ArrayValue(List<Value> items, bool isTuple = false) : Value
{
    public ArrayValue() : this([]) { }
    public List<Value> Items { get; } = items;
    public bool IsTuple { get; } = isTuple;
    public override string TypeName => IsTuple ? "Tuple" : "Array";
    public override bool IsImmutable => IsTuple;
    public override bool IsHashable => Items.All(v => v.IsImmutable && v.IsHashable);
    public override IReadOnlyList<Value> AsArray() => Items;
    public override bool AsBool() => Items.Count > 0;
    internal override Builtins.Table GetBuiltins() => Builtins.Array;

    public void Add(Value v)
    {
        if (IsTuple) throw new TemplateError("Attempting to modify immutable type");
        Items.Add(v);
    }

    public override string AsString()
    {
        var sb = new StringBuilder(IsTuple ? "(" : "[");
        for (int i = 0; i < Items.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(ReprOf(Items[i]));
        }
        if (IsTuple && Items.Count == 1) sb.Append(',');
        return sb.Append(IsTuple ? ")" : "]").ToString();
    }

    public override bool Equivalent(Value other) =>
        other is ArrayValue a && a.IsTuple == IsTuple && IsHashable && a.IsHashable
        && a.Items.Count == Items.Count && Items.Zip(a.Items).All(p => p.First.Equivalent(p.Second));
}

internal sealed class FunctionValue(string name, Builtin handler, Value? boundThis = null) : Value
{
    public string Name { get; } = name;
    internal Builtin Handler { get; } = handler;
    internal Value? BoundThis { get; } = boundThis;
    public override string TypeName => "Function";
    public override string Repr() => "Function<" + Name + ">(" + (BoundThis?.Repr() ?? "") + ")";
    // llama.cpp compares the targets of std::function objects holding lambdas, which are all null: every function is equal.
    public override bool Equivalent(Value other) => other is FunctionValue;

    internal Value Invoke(FuncArgs args)
    {
        var call = args.Copy(Name);
        if (BoundThis != null) call.PushFront(BoundThis);
        return Handler(call);
    }
}

public sealed class KwargValue(string key, Value value) : Value
{
    public string Key { get; } = key;
    public Value Inner { get; } = value;
    public override string TypeName => "KwArg";
    public override bool IsHashable => true;
    public override string Repr() => "KwArg";
    public override bool Equivalent(Value other) => other is KwargValue k && k.Key == Key && ReferenceEquals(k.Inner, Inner);
}

internal delegate Value Builtin(FuncArgs args);
