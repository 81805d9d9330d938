namespace Platform.Templating;

internal sealed class Literal(Value value) : Node
{
    public override string Kind => value is IntValue ? "IntegerLiteral" : "FloatLiteral";
    // A fresh value each time: lists and usage marks must not leak between evaluations.
    protected override Value Eval(Context ctx) => value is IntValue i ? new IntValue(i.Value) : new FloatValue(value.AsFloat());
}

internal sealed class StringLiteral(string text) : Node
{
    public string Text { get; } = text;
    public override string Kind => "StringLiteral";
    protected override Value Eval(Context ctx) => new StringValue(Text);
}

internal sealed class Identifier(string name) : Node
{
    public string Name { get; } = name;
    public override string Kind => "Identifier";

    protected override Value Eval(Context ctx)
    {
        var v = ctx.Get(Name);
        if (!v.IsUndefined)
        {
            if (ctx.IsGetStats) v.MarkUsed();
            return v;
        }
        return Builtins.Global.TryGetValue(Name, out var f) ? new FunctionValue(Name, f) : new UndefinedValue(Name);
    }
}

internal sealed class ArrayLiteral(List<Node> items) : Node
{
    public override string Kind => "ArrayLiteral";
    protected override Value Eval(Context ctx) => new ArrayValue(items.Select(i => i.Execute(ctx)).ToList());
}

internal sealed class TupleLiteral(List<Node> items) : Node
{
    public List<Node> Items { get; } = items;
    public override string Kind => "TupleLiteral";
    protected override Value Eval(Context ctx) => new ArrayValue(Items.Select(i => i.Execute(ctx)).ToList(), isTuple: true);
}

internal sealed class ObjectLiteral(List<(Node Key, Node Value)> pairs) : Node
{
    public override string Kind => "ObjectLiteral";

    protected override Value Eval(Context ctx)
    {
        var obj = new ObjectValue();
        foreach (var (k, v) in pairs)
        {
            var key = k.Execute(ctx);
            obj.Set(key, v.Execute(ctx));
        }
        return obj;
    }
}

internal sealed class UnaryExpression(string op, Node argument) : Node
{
    public override string Kind => "UnaryExpression";

    protected override Value Eval(Context ctx)
    {
        var v = argument.Execute(ctx);
        return op switch
        {
            "not" => new BoolValue(!v.AsBool()),
            "-" => v is IntValue i ? new IntValue(-i.Value)
                : v is FloatValue f ? new FloatValue(-f.Value)
                : throw new TemplateError("Unary - operator requires numeric operand"),
            "+" => v is IntValue or FloatValue ? v : throw new TemplateError("Unary + operator requires numeric operand"),
            _ => throw new TemplateError($"Unknown unary operator '{op}'"),
        };
    }
}

internal sealed class TernaryExpression(Node condition, Node whenTrue, Node whenFalse) : Node
{
    public override string Kind => "Ternary";
    protected override Value Eval(Context ctx) => condition.Execute(ctx).AsBool() ? whenTrue.Execute(ctx) : whenFalse.Execute(ctx);
}

/// <summary>`x if c` without else: x, or undefined. In a for loop it filters the items.</summary>
internal sealed class SelectExpression(Node lhs, Node test) : Node
{
    public Node Lhs { get; } = lhs;
    public Node Test { get; } = test;
    public override string Kind => "SelectExpression";
    protected override Value Eval(Context ctx) => Test.Execute(ctx).AsBool() ? Lhs.Execute(ctx) : new UndefinedValue();
}

internal sealed class TestExpression(Node operand, bool negate, Node test) : Node
{
    public override string Kind => "TestExpression";

    protected override Value Eval(Context ctx)
    {
        var input = operand.Execute(ctx);
        var args = new FuncArgs(ctx);
        args.Add(input);
        string testId;
        if (test is Identifier id) testId = id.Name;
        else if (test is CallExpression { Callee: Identifier callee } call)
        {
            testId = callee.Name;
            foreach (var a in call.Args) args.Add(a.Execute(ctx));
        }
        else throw new TemplateError("Invalid test expression");

        var name = "test_is_" + testId;
        if (!Builtins.Global.TryGetValue(name, out var fn)) throw new TemplateError($"Unknown test '{testId}'");
        if (ctx.IsGetStats) { input.MarkUsed(); input.AddOp(name); }
        var result = fn(args.Copy(name));
        return negate ? new BoolValue(!result.AsBool()) : result;
    }
}

internal sealed class FilterExpression(Node operand, Node filter) : Node
{
    public override string Kind => "FilterExpression";
    protected override Value Eval(Context ctx) => Filters.Apply(ctx, filter, operand.Execute(ctx));
}

internal sealed class CallExpression(Node callee, List<Node> args) : Node
{
    public Node Callee { get; } = callee;
    public List<Node> Args { get; } = args;
    public override string Kind => "CallExpression";

    protected override Value Eval(Context ctx)
    {
        var callArgs = new FuncArgs(ctx);
        foreach (var a in Args) callArgs.Add(a.Execute(ctx));
        var f = Callee.Execute(ctx);
        if (f is not FunctionValue fn) throw new TemplateError("Callee is not a function: got " + f.TypeName);
        return fn.Invoke(callArgs);
    }
}

internal sealed class KeywordArgument(Node key, Node val) : Node
{
    public Node Key { get; } = key;
    public Node Val { get; } = val;
    public override string Kind => "KeywordArgumentExpression";

    protected override Value Eval(Context ctx) => Key is Identifier id
        ? new KwargValue(id.Name, Val.Execute(ctx))
        : throw new TemplateError("Keyword argument key must be identifiers");
}

internal sealed class SpreadExpression(Node argument) : Node
{
    public Node Argument { get; } = argument;
    public override string Kind => "SpreadExpression";
}

internal sealed class BlankExpression : Node
{
    public override string Kind => "BlankExpression";
    protected override Value Eval(Context ctx) => new UndefinedValue();
}

internal sealed class SliceExpression(Node? start, Node? stop, Node? step) : Node
{
    public Node? Start { get; } = start;
    public Node? Stop { get; } = stop;
    public Node? Step { get; } = step;
    public override string Kind => "SliceExpression";
}

internal static class Filters
{
    private static readonly HashSet<string> StringCoerced = ["capitalize", "lower", "replace", "strip", "title", "upper", "wordcount"];

    private static string Alias(string id) => id switch { "count" => "length", "d" => "default", "e" => "escape", "trim" => "strip", _ => id };

    public static Value Apply(Context ctx, Node filter, Value input)
    {
        if (filter is Identifier id)
        {
            var name = Alias(id.Name);
            if (!input.IsUndefined && input is not StringValue && StringCoerced.Contains(name)) input = new StringValue(input.AsString());
            return Bind(ctx, name, input).Invoke(new FuncArgs(ctx));
        }
        if (filter is CallExpression call)
        {
            if (call.Callee is not Identifier callee) throw new TemplateError("Filter callee must be an identifier");
            var args = new FuncArgs(ctx);
            foreach (var a in call.Args) args.Add(a.Execute(ctx));
            return Bind(ctx, Alias(callee.Name), input).Invoke(args);
        }
        throw new TemplateError("Invalid filter expression");
    }

    /// <summary>The builtin method `name` of the value, bound to it; undefined (or an error) when the type has none.</summary>
    public static Value TryBind(Context ctx, string name, Value input, bool undefinedIfMissing)
    {
        if (ctx.IsGetStats) { input.MarkUsed(); input.AddOp(name); }
        if (input.GetBuiltins().TryGetValue(name, out var fn)) return new FunctionValue(name, fn, input);
        if (undefinedIfMissing) return new UndefinedValue(name);
        throw new TemplateError($"Unknown (built-in) filter '{name}' for type {input.TypeName}");
    }

    private static FunctionValue Bind(Context ctx, string name, Value input) => (FunctionValue)TryBind(ctx, name, input, false);
}
