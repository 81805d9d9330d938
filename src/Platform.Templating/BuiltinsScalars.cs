namespace Platform.Templating;

internal static partial class Builtins
{
    private static Builtin Const(Func<Value> make) => _ => make();

    public static readonly Table Int = new()
    {
        ["default"] = DefaultValue,
        ["abs"] = args => { args.EnsureTypes(FuncArgs.Int); return new IntValue(Math.Abs(args.Pos(0).AsInt())); },
        ["int"] = args => { args.EnsureTypes(FuncArgs.Int); return new IntValue(args.Pos(0).AsInt()); },
        ["float"] = args => { args.EnsureTypes(FuncArgs.Int); return new FloatValue(args.Pos(0).AsInt()); },
        ["safe"] = ToJson,
        ["string"] = ToJson,
        ["tojson"] = ToJson,
    };

    public static readonly Table Float = new()
    {
        ["default"] = DefaultValue,
        ["abs"] = args => { args.EnsureTypes(FuncArgs.Float); return new FloatValue(Math.Abs(args.Pos(0).AsFloat())); },
        ["int"] = args => { args.EnsureTypes(FuncArgs.Float); return new IntValue((long)args.Pos(0).AsFloat()); },
        ["float"] = args => { args.EnsureTypes(FuncArgs.Float); return new FloatValue(args.Pos(0).AsFloat()); },
        ["safe"] = ToJson,
        ["string"] = ToJson,
        ["tojson"] = ToJson,
    };

    private static Value BoolText(FuncArgs args)
    {
        args.EnsureTypes(FuncArgs.Bool);
        return new StringValue(args.Pos(0).AsBool() ? "True" : "False");
    }

    public static readonly Table Bool = new()
    {
        ["default"] = DefaultValue,
        ["int"] = args => { args.EnsureTypes(FuncArgs.Bool); return new IntValue(args.Pos(0).AsBool() ? 1 : 0); },
        ["float"] = args => { args.EnsureTypes(FuncArgs.Bool); return new FloatValue(args.Pos(0).AsBool() ? 1 : 0); },
        ["safe"] = BoolText,
        ["string"] = BoolText,
        ["tojson"] = ToJson,
    };

    public static readonly Table Object = new()
    {
        // No "default" here: llama.cpp leaves it out for mappings (gpt-oss's template depends on that).
        ["get"] = args =>
        {
            args.EnsureCount(2, 3);
            if (args.Pos(0) is not ObjectValue o) throw new TemplateError("get: first argument must be an object");
            if (args.Pos(1) is not StringValue) throw new TemplateError("get: second argument must be a string (key)");
            return o.Get(args.Pos(1), args.Count == 3 ? args.Pos(2) : new NoneValue());
        },
        ["keys"] = args => { args.EnsureTypes(FuncArgs.Obj); return new ArrayValue(((ObjectValue)args.Pos(0)).Pairs.Select(p => p.Key).ToList()); },
        ["values"] = args => { args.EnsureTypes(FuncArgs.Obj); return new ArrayValue(((ObjectValue)args.Pos(0)).Pairs.Select(p => p.Value).ToList()); },
        ["items"] = args =>
        {
            args.EnsureTypes(FuncArgs.Obj);
            return new ArrayValue(((ObjectValue)args.Pos(0)).Pairs.Select(p => (Value)new ArrayValue([p.Key, p.Value], isTuple: true)).ToList());
        },
        ["tojson"] = ToJson,
        ["string"] = args =>
        {
            args.EnsureTypes(FuncArgs.Obj);
            if (args.Ctx.IsGetStats) args.Pos(0).MarkUsed(true);
            return new StringValue(args.Pos(0).AsString());
        },
        ["length"] = args => { args.EnsureTypes(FuncArgs.Obj); return new IntValue(((ObjectValue)args.Pos(0)).Pairs.Count); },
        ["dictsort"] = args =>
        {
            var o = (ObjectValue)args.Pos(0);
            var by = args.KwargOrPos("by", 2);
            bool reverse = args.KwargOrPos("reverse", 3).AsBool();
            bool byValue = by is StringValue s && s.Text == "value";
            var op = reverse ? CompareOp.Gt : CompareOp.Lt;
            var pairs = o.Pairs.Select((p, i) => (p, i)).ToList();
            Value Key(KeyValuePair<Value, Value> p) => byValue ? p.Value : p.Key;
            pairs.Sort((x, y) => ValueCompare(Key(x.p), Key(y.p), op) ? -1 : ValueCompare(Key(y.p), Key(x.p), op) ? 1 : x.i.CompareTo(y.i));
            return o.CopyWith(pairs.Select(x => x.p));
        },
        ["join"] = NotImplemented("object join not implemented"),
    };

    public static readonly Table None = new()
    {
        ["default"] = DefaultValue,
        ["tojson"] = ToJson,
        ["string"] = Const(() => new StringValue("None")),
        ["safe"] = Const(() => new StringValue("None")),
        ["items"] = Const(() => new ArrayValue()),
        ["map"] = Const(() => new ArrayValue()),
        ["reject"] = Const(() => new ArrayValue()),
        ["rejectattr"] = Const(() => new ArrayValue()),
        ["select"] = Const(() => new ArrayValue()),
        ["selectattr"] = Const(() => new ArrayValue()),
        ["unique"] = Const(() => new ArrayValue()),
    };

    public static readonly Table Undefined = new()
    {
        ["default"] = DefaultValue,
        ["capitalize"] = Const(() => new StringValue("")),
        ["first"] = Const(() => new UndefinedValue()),
        ["items"] = Const(() => new ArrayValue()),
        ["join"] = Const(() => new StringValue("")),
        ["last"] = Const(() => new UndefinedValue()),
        ["length"] = Const(() => new IntValue(0)),
        ["list"] = Const(() => new ArrayValue()),
        ["lower"] = Const(() => new StringValue("")),
        ["map"] = Const(() => new ArrayValue()),
        ["max"] = Const(() => new UndefinedValue()),
        ["min"] = Const(() => new UndefinedValue()),
        ["reject"] = Const(() => new ArrayValue()),
        ["rejectattr"] = Const(() => new ArrayValue()),
        ["replace"] = Const(() => new StringValue("")),
        ["reverse"] = Const(() => new ArrayValue()),
        ["safe"] = Const(() => new StringValue("")),
        ["select"] = Const(() => new ArrayValue()),
        ["selectattr"] = Const(() => new ArrayValue()),
        ["sort"] = Const(() => new ArrayValue()),
        ["string"] = Const(() => new StringValue("")),
        ["strip"] = Const(() => new StringValue("")),
        ["sum"] = Const(() => new IntValue(0)),
        ["title"] = Const(() => new StringValue("")),
        ["truncate"] = Const(() => new StringValue("")),
        ["unique"] = Const(() => new ArrayValue()),
        ["upper"] = Const(() => new StringValue("")),
        ["wordcount"] = Const(() => new IntValue(0)),
    };
}
