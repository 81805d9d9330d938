using System.Text;

namespace Platform.Templating;

internal abstract class Node
{
    public int Pos;
    public abstract string Kind { get; }

    protected virtual Value Eval(Context ctx) => throw new TemplateError("cannot evaluate " + Kind);

    /// <summary>Evaluates, giving the first error the position and kind of the innermost construct that raised it.</summary>
    public Value Execute(Context ctx)
    {
        try
        {
            return Eval(ctx);
        }
        catch (Exception e) when (e is not (BreakSignal or ContinueSignal or TemplateException or TemplateNotImplemented))
        {
            var detail = e is TemplateError ? e.Message : e.GetType().Name + ": " + e.Message;
            throw new TemplateException(SourceText.Locate("Error in " + Kind, detail, ctx.Source, Pos));
        }
    }

    /// <summary>What a sequence of results prints: strings and numbers, lists flattened, anything else nothing.</summary>
    public static void Gather(Value v, StringBuilder sb)
    {
        switch (v)
        {
            case StringValue s: sb.Append(s.Text); break;
            case IntValue or FloatValue or BoolValue: sb.Append(v.AsString()); break;
            case ArrayValue a: foreach (var item in a.Items) Gather(item, sb); break;
        }
    }

    public static StringValue Run(List<Node> body, Context ctx)
    {
        var sb = new StringBuilder();
        foreach (var node in body) Gather(node.Execute(ctx), sb);
        return new StringValue(sb.ToString());
    }
}

internal sealed class CommentNode : Node
{
    public override string Kind => "Comment";
    protected override Value Eval(Context ctx) => new UndefinedValue();
}

internal sealed class BreakNode : Node
{
    public override string Kind => "Break";
    protected override Value Eval(Context ctx) => throw new BreakSignal();
}

internal sealed class ContinueNode : Node
{
    public override string Kind => "Continue";
    protected override Value Eval(Context ctx) => throw new ContinueSignal();
}

internal sealed class IfNode(Node test, List<Node> body, List<Node> alternate) : Node
{
    public override string Kind => "If";
    protected override Value Eval(Context ctx) => Run(test.Execute(ctx).AsBool() ? body : alternate, ctx);
}

internal sealed class ForNode(Node loopVar, Node iterable, List<Node> body, List<Node> alternate) : Node
{
    public override string Kind => "For";

    protected override Value Eval(Context ctx)
    {
        // The loop body runs in one scope for all iterations; the `else` block in the enclosing one.
        var scope = new Context(ctx);
        var select = iterable as SelectExpression;
        var source = (select?.Lhs ?? iterable).Execute(scope);
        if (ctx.IsGetStats) { source.MarkUsed(); source.AddOp("array_access"); }
        if (source.IsUndefined) source = new ArrayValue();
        if (source is not (ArrayValue or ObjectValue))
            throw new TemplateError("Expected iterable or object type in for loop: got " + source.TypeName);

        var items = new List<Value>();
        if (source is ObjectValue obj)
        {
            foreach (var (k, v) in obj.Pairs) items.Add(new ArrayValue([k, v], isTuple: true));
            if (ctx.IsGetStats) source.AddOp("object_access");
        }
        else items.AddRange(((ArrayValue)source).Items);

        var kept = new List<(Value Item, Action<Context> Bind)>();
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            Action<Context> bind;
            if (loopVar is Identifier id)
            {
                if (source is ObjectValue) item = items[i].AsArray()[0];
                var bound = item;
                bind = c => c.Set(id.Name, bound);
            }
            else if (loopVar is TupleLiteral tuple)
            {
                if (item is not ArrayValue parts) throw new TemplateError("Cannot unpack non-iterable type: " + item.TypeName);
                if (tuple.Items.Count != parts.Items.Count)
                    throw new TemplateError("Too " + (tuple.Items.Count > parts.Items.Count ? "few" : "many") + " items to unpack");
                bind = c =>
                {
                    for (int j = 0; j < tuple.Items.Count; j++)
                    {
                        if (tuple.Items[j] is not Identifier name)
                            throw new TemplateError("Cannot unpack non-identifier type: " + tuple.Items[j].Kind);
                        c.Set(name.Name, parts.Items[j]);
                    }
                };
            }
            else throw new TemplateError("Invalid loop variable(s): " + loopVar.Kind);

            if (select != null)
            {
                var loopScope = new Context(scope);
                bind(loopScope);
                if (!select.Test.Execute(loopScope).AsBool()) continue;
            }
            kept.Add((item, bind));
        }

        var sb = new StringBuilder();
        bool iterated = false;
        for (int i = 0; i < kept.Count; i++)
        {
            var loop = new ObjectValue { HasBuiltins = false };
            loop.Set("index", new IntValue(i + 1));
            loop.Set("index0", new IntValue(i));
            loop.Set("revindex", new IntValue(kept.Count - i));
            loop.Set("revindex0", new IntValue(kept.Count - i - 1));
            loop.Set("first", new BoolValue(i == 0));
            loop.Set("last", new BoolValue(i == kept.Count - 1));
            loop.Set("length", new IntValue(kept.Count));
            loop.Set("previtem", i > 0 ? kept[i - 1].Item : new UndefinedValue("previtem"));
            loop.Set("nextitem", i < kept.Count - 1 ? kept[i + 1].Item : new UndefinedValue("nextitem"));
            scope.Set("loop", loop);
            kept[i].Bind(scope);
            try
            {
                foreach (var node in body) Gather(node.Execute(scope), sb);
            }
            catch (ContinueSignal) { continue; }
            catch (BreakSignal) { break; }
            iterated = true;
        }
        if (!iterated)
            foreach (var node in alternate) Gather(node.Execute(ctx), sb);
        return new StringValue(sb.ToString());
    }
}

internal sealed class SetNode(Node assignee, Node? value, List<Node> body) : Node
{
    public override string Kind => "Set";

    protected override Value Eval(Context ctx)
    {
        var rhs = value != null ? value.Execute(ctx) : Run(body, ctx);
        switch (assignee)
        {
            case Identifier id:
                ctx.Set(id.Name, rhs);
                break;
            case TupleLiteral tuple:
                if (rhs is not ArrayValue arr) throw new TemplateError("Cannot unpack non-iterable type in set: " + rhs.TypeName);
                if (arr.Items.Count != tuple.Items.Count)
                    throw new TemplateError("Too " + (tuple.Items.Count > arr.Items.Count ? "few" : "many") + " items to unpack in set");
                for (int i = 0; i < tuple.Items.Count; i++)
                {
                    if (tuple.Items[i] is not Identifier name)
                        throw new TemplateError("Cannot unpack to non-identifier in set: " + tuple.Items[i].Kind);
                    ctx.Set(name.Name, arr.Items[i]);
                }
                break;
            case MemberExpression member:
                if (member.Computed) throw new TemplateError("Cannot assign to computed member");
                if (member.Property is not Identifier prop) throw new TemplateError("Cannot assign to member with non-identifier property");
                if (member.Object.Execute(ctx) is not ObjectValue target) throw new TemplateError("Cannot assign to member of non-object");
                target.Set(prop.Name, rhs);
                break;
            default:
                throw new TemplateError("Invalid LHS inside assignment expression: " + assignee.Kind);
        }
        return new UndefinedValue();
    }
}

internal sealed class MacroNode(Node name, List<Node> parameters, List<Node> body) : Node
{
    public override string Kind => "Macro";

    protected override Value Eval(Context ctx)
    {
        if (name is not Identifier id) throw new TemplateError("Macro name must be an identifier");
        // A macro sees the variables of the place that calls it (llama.cpp scopes macros dynamically).
        ctx.Set(id.Name, new FunctionValue(id.Name, args =>
        {
            var macroCtx = new Context(args.Ctx);
            BindParameters(id.Name, parameters, args, macroCtx);
            return Run(body, macroCtx);
        }));
        return new UndefinedValue();
    }

    public static void BindParameters(string name, List<Node> parameters, FuncArgs args, Context ctx)
    {
        for (int i = 0; i < parameters.Count; i++)
        {
            if (i < args.Count)
            {
                string paramName = parameters[i] switch
                {
                    Identifier p => p.Name,
                    KeywordArgument { Key: Identifier k } => k.Name,
                    KeywordArgument => throw new TemplateError($"Keyword argument key must be an identifier in '{name}'"),
                    _ => throw new TemplateError($"Invalid parameter type in '{name}'"),
                };
                ctx.Set(paramName, args.KwargOrPos(paramName, i));
            }
            else if (parameters[i] is KeywordArgument kw)
            {
                if (kw.Key is not Identifier k) throw new TemplateError($"Keyword argument key must be an identifier in '{name}'");
                ctx.Set(k.Name, kw.Val.Execute(args.Ctx));
            }
            else throw new TemplateError($"Not enough arguments provided to '{name}'");
        }
    }
}

internal sealed class CallBlockNode(CallExpression call, List<Node> callerArgs, List<Node> body) : Node
{
    public override string Kind => "CallStatement";

    protected override Value Eval(Context ctx)
    {
        if (call.Callee.Execute(ctx) is not FunctionValue callee)
            throw new TemplateError("Callee is not a function: got " + call.Callee.Execute(ctx).TypeName);
        var callerCtx = new Context(ctx);
        var caller = new FunctionValue("caller", args =>
        {
            var blockCtx = new Context(callerCtx);
            MacroNode.BindParameters("caller", callerArgs, args, blockCtx);
            return Run(body, blockCtx);
        });
        var callCtx = new Context(ctx);
        callCtx.Set("caller", caller);
        var callArgs = new FuncArgs(callCtx);
        foreach (var a in call.Args) callArgs.Add(a.Execute(ctx));
        return callee.Invoke(callArgs);
    }
}

internal sealed class FilterBlockNode(Node filter, List<Node> body) : Node
{
    public override string Kind => "FilterStatement";
    protected override Value Eval(Context ctx) => Filters.Apply(ctx, filter, Run(body, ctx));
}
