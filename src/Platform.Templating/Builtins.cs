namespace Platform.Templating;

/// <summary>Global functions and tests (`x is defined` calls test_is_defined), as llama.cpp's engine defines them.</summary>
/// <summary>Bounds on what one rendering may build, so a hostile template fails instead of exhausting memory.</summary>
internal static class Limits
{
    public const long MaxItems = 1_000_000;
    public const long MaxStringLength = 16 * 1024 * 1024;
}

internal static partial class Builtins
{
    internal sealed class Table : Dictionary<string, Builtin>
    {
        public Table() : base(StringComparer.Ordinal) { }
    }

    public static readonly Table Empty = [];

    private static Value Truth(bool b) => new BoolValue(b);

    private static Builtin IsType(Func<Value, bool> pred) => args =>
    {
        args.EnsureCount(1);
        return Truth(pred(args.Pos(0)));
    };

    private static Builtin Compare(CompareOp op) => args =>
    {
        args.EnsureCount(2, 2);
        return Truth(ValueCompare(args.Pos(0), args.Pos(1), op));
    };

    private static Builtin NotImplemented(string what) => _ => throw new TemplateNotImplemented(what);

    public static readonly Table Global = new()
    {
        ["raise_exception"] = args =>
        {
            args.EnsureTypes(FuncArgs.Str);
            throw new TemplateError("Jinja Exception: " + args.Pos(0).AsString());
        },
        ["namespace"] = args =>
        {
            var ns = new ObjectValue();
            foreach (var a in args.All)
            {
                if (a is not KwargValue k) throw new TemplateError("namespace() arguments must be kwargs");
                ns.Set(k.Key, k.Inner);
            }
            return ns;
        },
        ["strftime_now"] = args =>
        {
            args.EnsureTypes(FuncArgs.Str);
            var text = Strftime.Format(args.Pos(0).AsString(), args.Ctx.Now);
            return text.Length > 0 ? new StringValue(text) : throw new TemplateError("strftime_now: failed to format time");
        },
        ["range"] = args =>
        {
            args.EnsureCount(1, 3);
            args.EnsureTypes(FuncArgs.Int, FuncArgs.Any, FuncArgs.Any);
            long start = 0, stop, step = 1;
            if (args.Count == 1) stop = args.Pos(0).AsInt();
            else
            {
                start = args.Pos(0).AsInt();
                stop = args.Pos(1).AsInt();
                if (args.Count == 3) step = args.Pos(2).AsInt();
            }
            if (step == 0) throw new TemplateError("range() step argument must not be zero");
            // A template comes from a model file: a runaway range must fail, not take the worker's memory.
            if ((stop - start) / step > Limits.MaxItems) throw new TemplateError($"range() of more than {Limits.MaxItems} items");
            var list = new ArrayValue();
            for (long i = start; step > 0 ? i < stop : i > stop; i += step) list.Add(new IntValue(i));
            return list;
        },
        ["tojson"] = ToJson,

        ["test_is_boolean"] = IsType(v => v is BoolValue),
        ["test_is_callable"] = IsType(v => v is FunctionValue),
        ["test_is_odd"] = args => { args.EnsureTypes(FuncArgs.Int); return Truth(args.Pos(0).AsInt() % 2 != 0); },
        ["test_is_even"] = args => { args.EnsureTypes(FuncArgs.Int); return Truth(args.Pos(0).AsInt() % 2 == 0); },
        ["test_is_false"] = IsType(v => v is BoolValue b && !b.Value),
        ["test_is_true"] = IsType(v => v is BoolValue b && b.Value),
        ["test_is_divisibleby"] = args =>
        {
            args.EnsureTypes(FuncArgs.Int, FuncArgs.Int);
            return Truth(args.Pos(0).IntPart % args.Pos(1).IntPart == 0);
        },
        ["test_is_string"] = IsType(v => v is StringValue),
        ["test_is_integer"] = IsType(v => v is IntValue),
        ["test_is_float"] = IsType(v => v is FloatValue),
        ["test_is_number"] = IsType(v => v is IntValue or FloatValue),
        ["test_is_iterable"] = IsType(v => v is ArrayValue or StringValue or UndefinedValue),
        ["test_is_sequence"] = IsType(v => v is ArrayValue or StringValue or UndefinedValue),
        ["test_is_mapping"] = IsType(v => v is ObjectValue),
        ["test_is_lower"] = args => { args.EnsureTypes(FuncArgs.Str); return Truth(!args.Pos(0).AsString().Any(char.IsAsciiLetterUpper)); },
        ["test_is_upper"] = args => { args.EnsureTypes(FuncArgs.Str); return Truth(!args.Pos(0).AsString().Any(char.IsAsciiLetterLower)); },
        ["test_is_none"] = IsType(v => v is NoneValue),
        ["test_is_defined"] = IsType(v => !v.IsUndefined),
        ["test_is_undefined"] = IsType(v => v is UndefinedValue),
        ["test_is_eq"] = Compare(CompareOp.Eq),
        ["test_is_equalto"] = Compare(CompareOp.Eq),
        ["test_is_ge"] = Compare(CompareOp.Ge),
        ["test_is_gt"] = Compare(CompareOp.Gt),
        ["test_is_greaterthan"] = Compare(CompareOp.Gt),
        ["test_is_lt"] = Compare(CompareOp.Lt),
        ["test_is_lessthan"] = Compare(CompareOp.Lt),
        ["test_is_ne"] = Compare(CompareOp.Ne),
        ["test_is_in"] = args =>
        {
            args.EnsureCount(2);
            var needle = args.Pos(0);
            var haystack = args.Pos(1);
            return haystack switch
            {
                UndefinedValue => Truth(false),
                ArrayValue a => Truth(a.Items.Any(needle.Equivalent)),
                StringValue s => needle is StringValue n
                    ? Truth(s.Text.Contains(n.Text, StringComparison.Ordinal))
                    : throw new TemplateError("'in' test expects a string needle in a string, got " + needle.TypeName),
                ObjectValue o => Truth(o.HasKey(needle)),
                _ => throw new TemplateError("'in' test expects iterable as first argument, got " + haystack.TypeName),
            };
        },
        ["test_is_test"] = args =>
        {
            args.EnsureTypes(FuncArgs.Str);
            return Truth(Global!.ContainsKey("test_is_" + args.Pos(0).AsString()));
        },
        ["test_is_sameas"] = NotImplemented("sameas test not implemented"),
        ["test_is_escaped"] = NotImplemented("escaped test not implemented"),
        ["test_is_filter"] = NotImplemented("filter test not implemented"),
    };

    private static Value ToJson(FuncArgs args)
    {
        args.EnsureCount(1, 5);
        var ascii = args.KwargOrPos("ensure_ascii", 1);
        var indentArg = args.KwargOrPos("indent", 2);
        var separators = args.KwargOrPos("separators", 3);
        var sortKeys = args.KwargOrPos("sort_keys", 4);
        if (args.Ctx.IsGetStats) args.Pos(0).MarkUsed(true);
        int indent = indentArg is IntValue i ? (int)i.Value : -1;
        if (sortKeys.AsBool()) throw new TemplateNotImplemented("tojson sort_keys=true not implemented");
        var seps = separators is ArrayValue sa ? sa.Items : [];
        var itemSep = seps.Count > 0 ? seps[0].AsString() : indent < 0 ? ", " : ",";
        var keySep = seps.Count > 1 ? seps[1].AsString() : ": ";
        var json = JsonWriter.Write(args.Pos(0), indent, itemSep, keySep);
        return new StringValue(ascii.AsBool() ? JsonWriter.EnsureAscii(json) : json);
    }

    internal enum CompareOp { Eq, Ge, Gt, Lt, Ne }

    /// <summary>Ordering for tests and sorting: numbers numerically, strings (or a string and a number) as text.</summary>
    internal static bool ValueCompare(Value a, Value b, CompareOp op)
    {
        if (a is IntValue or FloatValue && b is IntValue or FloatValue)
        {
            double x = a.AsFloat(), y = b.AsFloat();
            return op switch { CompareOp.Eq => x == y, CompareOp.Ge => x >= y, CompareOp.Gt => x > y, CompareOp.Lt => x < y, _ => x != y };
        }
        if ((b is StringValue && a is IntValue or FloatValue) || (a is StringValue && b is IntValue or FloatValue)
            || (a is StringValue && b is StringValue))
        {
            int c = string.CompareOrdinal(a.AsString(), b.AsString());
            return op switch { CompareOp.Eq => c == 0, CompareOp.Ge => c >= 0, CompareOp.Gt => c > 0, CompareOp.Lt => c < 0, _ => c != 0 };
        }
        if (a is BoolValue ba && b is BoolValue bb)
        {
            return op switch
            {
                CompareOp.Eq => ba.Value == bb.Value,
                CompareOp.Ne => ba.Value != bb.Value,
                _ => throw new TemplateError("Unsupported comparison operator for bool type"),
            };
        }
        return false;
    }
}
