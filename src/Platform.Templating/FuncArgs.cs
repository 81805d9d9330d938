namespace Platform.Templating;

/// <summary>The arguments of a builtin or macro call: positional values and keyword values in call order.</summary>
internal sealed class FuncArgs(Context ctx)
{
    private readonly List<Value> args = [];
    public Context Ctx { get; } = ctx;
    public string FuncName { get; private set; } = "";
    public int Count => args.Count;
    public IReadOnlyList<Value> All => args;

    public FuncArgs Copy(string name)
    {
        var copy = new FuncArgs(Ctx) { FuncName = name };
        copy.args.AddRange(args);
        return copy;
    }

    public void Add(Value v) => args.Add(v);
    public void PushFront(Value v) => args.Insert(0, v);

    public Value Kwarg(string key, Value fallback)
    {
        foreach (var a in args)
            if (a is KwargValue k && k.Key == key) return k.Inner;
        return fallback;
    }

    public Value KwargOrPos(string key, int pos)
    {
        var v = Kwarg(key, new UndefinedValue());
        if (v.IsUndefined && pos < args.Count && args[pos] is not KwargValue) return args[pos];
        return v;
    }

    public Value Pos(int pos) => pos < args.Count
        ? args[pos]
        : throw new TemplateError($"Function '{FuncName}' expected at least {pos + 1} arguments, got {args.Count}");

    public Value Pos(int pos, Value fallback) => pos < args.Count ? args[pos] : fallback;

    public void EnsureCount(int min, int max = 999)
    {
        if (args.Count < min || args.Count > max)
            throw new TemplateError($"Function '{FuncName}' expected between {min} and {max} arguments, got {args.Count}");
    }

    /// <summary>Checks the count of required arguments, then the type of each required one that is present.</summary>
    public void EnsureTypes(params (Func<Value, bool> Is, string Name, bool Required)[] specs)
    {
        EnsureCount(specs.Count(s => s.Required));
        for (int i = 0; i < specs.Length && i < args.Count; i++)
            if (specs[i].Required && !specs[i].Is(args[i]))
                throw new TemplateError($"Function '{FuncName}' expected value of type {specs[i].Name}, got {args[i].TypeName}");
    }

    public static readonly (Func<Value, bool>, string, bool) Str = (v => v is StringValue, "String", true);
    public static readonly (Func<Value, bool>, string, bool) Int = (v => v is IntValue, "Integer", true);
    public static readonly (Func<Value, bool>, string, bool) Float = (v => v is FloatValue, "Float", true);
    public static readonly (Func<Value, bool>, string, bool) Bool = (v => v is BoolValue, "Boolean", true);
    public static readonly (Func<Value, bool>, string, bool) Arr = (v => v is ArrayValue, "Array", true);
    public static readonly (Func<Value, bool>, string, bool) Obj = (v => v is ObjectValue, "Object", true);
    public static readonly (Func<Value, bool>, string, bool) Any = (_ => true, "any", false);
}

/// <summary>Variables in scope. A new scope starts as a copy of its parent, as in llama.cpp's engine.</summary>
internal sealed class Context
{
    public ObjectValue Env { get; } = new() { HasBuiltins = false };
    public string Source { get; }
    public DateTime Now { get; init; }
    public bool IsGetStats { get; init; }

    public Context(string source, DateTime now)
    {
        Source = source;
        Now = now;
        Env.Set("true", new BoolValue(true));
        Env.Set("True", new BoolValue(true));
        Env.Set("false", new BoolValue(false));
        Env.Set("False", new BoolValue(false));
        Env.Set("none", new NoneValue());
        Env.Set("None", new NoneValue());
    }

    public Context(Context parent) : this(parent.Source, parent.Now)
    {
        foreach (var (k, v) in parent.Env.Pairs) Env.Set(k, v);
        IsGetStats = parent.IsGetStats;
    }

    public Value Get(string name) => Env.Get(name, new UndefinedValue(name));
    public void Set(string name, Value v) => Env.Set(name, v);
}
