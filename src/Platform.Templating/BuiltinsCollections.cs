namespace Platform.Templating;

internal static partial class Builtins
{
    private static readonly (Func<Value, bool>, string, bool) OptionalInt = (v => v is IntValue, "Integer", false);

    private static (long Start, long Stop, long Step) SliceBounds(FuncArgs args, (Func<Value, bool>, string, bool) input)
    {
        args.EnsureCount(1, 4);
        args.EnsureTypes(input, FuncArgs.Int, OptionalInt, OptionalInt);
        var a0 = args.Pos(1);
        var a1 = args.Pos(2, new UndefinedValue());
        var a2 = args.Pos(3, new UndefinedValue());
        // Mirrors llama.cpp: only the three-bound form (what obj[a:b:c] passes) is usable.
        long start = a0.AsInt(), stop = a1.AsInt(), step = args.Count == 2 ? 1 : a2.AsInt();
        if (step == 0) throw new TemplateError("slice step cannot be zero");
        return (start, stop, step);
    }

    /// <summary>Python's slicing of a sequence, with llama.cpp's clamping.</summary>
    internal static List<T> SliceOf<T>(IReadOnlyList<T> items, long start, long stop, long step)
    {
        long len = items.Count;
        long dir = Math.Sign(step);
        long from, to;
        if (dir >= 0)
        {
            from = start < 0 ? Math.Max(len + start, 0) : Math.Min(start, len);
            to = stop < 0 ? Math.Max(len + stop, 0) : Math.Min(stop, len);
        }
        else
        {
            from = start < 0 ? Math.Max(len + start, 0) : Math.Min(start, len - 1);
            to = stop < -1 ? Math.Max(len + stop, -1) : Math.Min(stop, len - 1);
        }
        var result = new List<T>();
        if (dir == 0) return result;
        for (long i = from; dir * i < dir * to; i += step)
            if (i >= 0 && i < len) result.Add(items[(int)i]);
        return result;
    }

    private static ArrayValue SameKind(ArrayValue like, List<Value> items) => new(items, like.IsTuple);

    private static Value DefaultValue(FuncArgs args)
    {
        args.EnsureCount(2, 3);
        bool checkBool = args.KwargOrPos("boolean", 2).AsBool();
        var v = args.Pos(0);
        bool missing = checkBool ? !v.AsBool() : v.IsUndefined || v.IsNone;
        return missing ? args.Pos(1) : v;
    }

    private static Builtin SelectAttr(bool reject) => args =>
    {
        args.EnsureCount(2, 4);
        args.EnsureTypes(FuncArgs.Arr, FuncArgs.Str, (v => v is StringValue, "String", false), (v => v is StringValue, "String", false));
        var items = args.Pos(0).AsArray();
        var attribute = args.Pos(1);
        var output = new ArrayValue();
        Builtin Test(string name) => Global.TryGetValue("test_is_" + name, out var t) ? t : throw new TemplateError($"selectattr: unknown test '{name}'");
        bool Pass(Value result) => result.AsBool() != reject;
        switch (args.Count)
        {
            case 2:
                foreach (var item in items)
                {
                    if (item is not ObjectValue o) throw new TemplateError("selectattr: item is not an object");
                    if (Pass(o.Get(attribute, new UndefinedValue()))) output.Add(item);
                }
                return output;
            case 3:
            {
                var test = Test(args.Pos(1).AsString());
                foreach (var item in items)
                    if (Pass(test(BinaryExpression.Args(args.Ctx, item, args.Pos(2))))) output.Add(item);
                return output;
            }
            default:
            {
                var test = Test(args.Pos(2).AsString());
                foreach (var item in items)
                {
                    if (item is not ObjectValue o) throw new TemplateError("selectattr: item is not an object");
                    if (Pass(test(BinaryExpression.Args(args.Ctx, o.Get(attribute, new UndefinedValue()), args.Pos(3))))) output.Add(item);
                }
                return output;
            }
        }
    };

    private static Value Attribute(Value item, Value attribute, bool attrIsInt) =>
        attrIsInt && item is ArrayValue a ? AtIndex(a, attribute.AsInt())
        : !attrIsInt && item is ObjectValue o ? o.Get(attribute) : item;

    private static Value AtIndex(ArrayValue a, long index)
    {
        if (index < 0) index += a.Items.Count;
        return index >= 0 && index < a.Items.Count ? a.Items[(int)index]
            : throw new TemplateError($"Index {index} out of bounds for array of size {a.Items.Count}");
    }

    public static readonly Table Array = new()
    {
        ["default"] = DefaultValue,
        ["list"] = args => { args.EnsureTypes(FuncArgs.Arr); return new ArrayValue([.. args.Pos(0).AsArray()]); },
        ["first"] = args => { args.EnsureTypes(FuncArgs.Arr); var a = args.Pos(0).AsArray(); return a.Count == 0 ? new UndefinedValue() : a[0]; },
        ["last"] = args => { args.EnsureTypes(FuncArgs.Arr); var a = args.Pos(0).AsArray(); return a.Count == 0 ? new UndefinedValue() : a[^1]; },
        ["length"] = args => { args.EnsureTypes(FuncArgs.Arr); return new IntValue(args.Pos(0).AsArray().Count); },
        ["slice"] = args =>
        {
            var (start, stop, step) = SliceBounds(args, FuncArgs.Arr);
            var a = (ArrayValue)args.Pos(0);
            return SameKind(a, SliceOf(a.Items, start, stop, step));
        },
        ["selectattr"] = SelectAttr(false),
        ["select"] = SelectAttr(false),
        ["rejectattr"] = SelectAttr(true),
        ["reject"] = SelectAttr(true),
        ["join"] = args =>
        {
            args.EnsureCount(1, 3);
            if (args.Pos(0) is not ArrayValue a) throw new TemplateError("join() first argument must be an array");
            var delim = args.KwargOrPos("d", 1);
            var attribute = args.KwargOrPos("attribute", 2);
            bool attrIsInt = attribute is IntValue;
            if (!attribute.IsUndefined && attribute is not StringValue && !attrIsInt)
                throw new TemplateError("join() attribute must be string or integer");
            var parts = a.Items.Select(item =>
            {
                var v = attribute.IsUndefined ? item : Attribute(item, attribute, attrIsInt);
                return v is StringValue or IntValue or FloatValue ? v.AsString()
                    : throw new TemplateError("join() can only join arrays of strings or numerics");
            });
            return new StringValue(string.Join(delim.IsUndefined ? "" : delim.AsString(), parts));
        },
        ["string"] = args =>
        {
            args.EnsureTypes(FuncArgs.Arr);
            if (args.Ctx.IsGetStats) args.Pos(0).MarkUsed(true);
            return new StringValue(args.Pos(0).AsString());
        },
        ["tojson"] = ToJson,
        ["map"] = args =>
        {
            args.EnsureCount(2);
            if (args.Pos(0) is not ArrayValue a) throw new TemplateError("map: first argument must be an array");
            if (args.All[1] is not KwargValue) throw new TemplateNotImplemented("map: filter-mapping not implemented");
            var attribute = args.KwargOrPos("attribute", 1);
            bool attrIsInt = attribute is IntValue;
            if (attribute is not StringValue && !attrIsInt) throw new TemplateError("map: attribute must be string or integer");
            var fallback = args.Kwarg("default", new UndefinedValue());
            var output = a.Items.Select(item => attrIsInt
                ? item is ArrayValue ia ? ia.Items.ElementAtOrDefault(Index(ia, attribute.AsInt())) ?? fallback : fallback
                : item is ObjectValue o ? o.Get(attribute, fallback) : fallback).ToList();
            return SameKind(a, output);
        },
        ["append"] = args =>
        {
            args.EnsureCount(2);
            if (args.Pos(0) is not ArrayValue a) throw new TemplateError("append: first argument must be an array");
            a.Add(args.Pos(1));
            return a;
        },
        ["pop"] = args =>
        {
            args.EnsureCount(1, 2);
            args.EnsureTypes(FuncArgs.Arr, OptionalInt);
            var a = (ArrayValue)args.Pos(0);
            if (a.IsTuple) throw new TemplateError("Attempting to modify immutable type");
            long index = args.Count == 2 ? args.Pos(1).AsInt() : -1;
            if (index < 0) index += a.Items.Count;
            var v = AtIndex(a, index);
            a.Items.RemoveAt((int)index);
            return v;
        },
        ["sort"] = args =>
        {
            args.EnsureCount(1, 4);
            if (args.Pos(0) is not ArrayValue a) throw new TemplateError("sort: first argument must be an array");
            bool reverse = args.KwargOrPos("reverse", 1).AsBool();
            var attribute = args.KwargOrPos("attribute", 3);
            bool attrIsInt = attribute is IntValue;
            Value Key(Value v) => attribute.IsUndefined ? v
                : attrIsInt && v is ArrayValue va ? AtIndex(va, attribute.AsInt())
                : !attrIsInt && v is ObjectValue vo ? vo.Get(attribute)
                : throw new TemplateError("sort: unsupported object attribute comparison of " + v.TypeName);
            var op = reverse ? CompareOp.Gt : CompareOp.Lt;
            var sorted = a.Items.Select((v, i) => (v, i)).ToList();
            sorted.Sort((x, y) => ValueCompare(Key(x.v), Key(y.v), op) ? -1 : ValueCompare(Key(y.v), Key(x.v), op) ? 1 : x.i.CompareTo(y.i));
            return SameKind(a, sorted.Select(p => p.v).ToList());
        },
        ["reverse"] = args =>
        {
            args.EnsureTypes(FuncArgs.Arr);
            var a = (ArrayValue)args.Pos(0);
            var items = a.Items.ToList();
            items.Reverse();
            return SameKind(a, items);
        },
        ["min"] = args => MinMax(args, CompareOp.Lt),
        ["max"] = args => MinMax(args, CompareOp.Gt),
        ["unique"] = NotImplemented("Array unique builtin not implemented"),
    };

    private static int Index(ArrayValue a, long index) => (int)(index < 0 ? index + a.Items.Count : index);

    private static Value MinMax(FuncArgs args, CompareOp op)
    {
        args.EnsureCount(1, 4);
        args.EnsureTypes(FuncArgs.Arr);
        if (!args.KwargOrPos("attribute", 2).IsUndefined) throw new TemplateNotImplemented("min/max: attribute not implemented");
        var a = args.Pos(0).AsArray();
        if (a.Count == 0) return new UndefinedValue();
        var best = a[0];
        foreach (var v in a.Skip(1)) if (ValueCompare(v, best, op)) best = v;
        return best;
    }
}
