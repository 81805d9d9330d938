namespace Platform.Templating;

internal sealed class BinaryExpression(string op, Node left, Node right) : Node
{
    public override string Kind => "BinaryExpression";

    protected override Value Eval(Context ctx)
    {
        var l = left.Execute(ctx);
        if (op == "and") return l.AsBool() ? right.Execute(ctx) : l;
        if (op == "or") return l.AsBool() ? l : right.Execute(ctx);

        var r = right.Execute(ctx);
        if (op == "==") return new BoolValue(l.Equivalent(r));
        if (op == "!=") return new BoolValue(!l.Equivalent(r));

        bool IsIn() => Builtins.Global["test_is_in"](Args(ctx, l, r)).AsBool();
        Value Membership() => new BoolValue(op == "in" ? IsIn() : !IsIn());

        // Concatenating a string with none or undefined treats the missing side as empty.
        Value? ConcatWithMissing()
        {
            bool lMissing = l.IsNone || l.IsUndefined, rMissing = r.IsNone || r.IsUndefined;
            if ((lMissing && r is StringValue) || (rMissing && l is StringValue))
                return new StringValue((lMissing ? "" : l.AsString()) + (rMissing ? "" : r.AsString()));
            return null;
        }

        if (l.IsUndefined || r.IsUndefined)
        {
            if (r.IsUndefined && op is "in" or "not in") return new BoolValue(op == "not in");
            if (op is "+" or "~" && ConcatWithMissing() is { } s) return s;
            throw new TemplateError($"Cannot perform operation {op} on undefined values");
        }
        if (l.IsNone || r.IsNone)
        {
            if (!r.IsNone && op is "in" or "not in") return Membership();
            if (op is "+" or "~" && ConcatWithMissing() is { } s) return s;
            throw new TemplateError("Cannot perform operation on null values");
        }

        if (l is IntValue or FloatValue && r is IntValue or FloatValue)
        {
            double a = l.AsFloat(), b = r.AsFloat();
            bool isFloat = l is FloatValue || r is FloatValue;
            switch (op)
            {
                case "+" or "-" or "*":
                    double res = op == "+" ? a + b : op == "-" ? a - b : a * b;
                    return isFloat ? new FloatValue(res) : new IntValue(ToInt64(res));
                case "/": return new FloatValue(a / b);
                case "%":
                    double rem = a % b; // as C's fmod: the sign follows the dividend
                    return isFloat ? new FloatValue(rem) : new IntValue(ToInt64(rem));
                case "<": return new BoolValue(a < b);
                case ">": return new BoolValue(a > b);
                case ">=": return new BoolValue(a >= b);
                case "<=": return new BoolValue(a <= b);
            }
        }

        if (l is ArrayValue la && r is ArrayValue ra)
        {
            if (op == "+") return new ArrayValue([.. la.Items, .. ra.Items]);
        }
        else if (r is ArrayValue && op is "in" or "not in") return Membership();

        if ((l is StringValue || r is StringValue) && op is "~" or "+")
            return new StringValue(l.AsString() + r.AsString());

        if (op == "*" && ((l is StringValue && r is IntValue) || (l is IntValue && r is StringValue)))
        {
            var str = l is StringValue ? l.AsString() : r.AsString();
            long times = r is IntValue ? r.AsInt() : l.AsInt();
            if (times > 0 && times * (long)str.Length > Limits.MaxStringLength)
                throw new TemplateError($"string repetition longer than {Limits.MaxStringLength} characters");
            return new StringValue(times <= 0 ? "" : string.Concat(Enumerable.Repeat(str, (int)times)));
        }

        if (l is StringValue && r is StringValue && op is "in" or "not in") return Membership();
        if (r is ObjectValue && op is "in" or "not in") return Membership();

        throw new TemplateError($"Unknown operator \"{op}\" between {l.TypeName} and {r.TypeName}");
    }

    // static_cast<int64_t> of a double: truncation (out-of-range values saturate here rather than being undefined).
    private static long ToInt64(double d) => double.IsNaN(d) ? long.MinValue : (long)d;

    internal static FuncArgs Args(Context ctx, params Value[] values)
    {
        var args = new FuncArgs(ctx);
        foreach (var v in values) args.Add(v);
        return args;
    }
}

internal sealed class MemberExpression(Node obj, Node property, bool computed) : Node
{
    public Node Object { get; } = obj;
    public Node Property { get; } = property;
    public bool Computed { get; } = computed;
    public override string Kind => "MemberExpression";

    protected override Value Eval(Context ctx)
    {
        var target = Object.Execute(ctx);
        Value prop;
        if (Computed)
        {
            if (Property is SliceExpression s) return Slice(ctx, target, s);
            prop = Property.Execute(ctx);
        }
        else if (Property is Literal { Kind: "IntegerLiteral" } lit)
        {
            prop = lit.Execute(ctx);
            if (prop.AsInt() < 0) throw new TemplateError("Static member property cannot be negative");
        }
        else
        {
            if (Property is not Identifier id) throw new TemplateError("Static member property must be an identifier");
            prop = new StringValue(id.Name);
            // As in Jinja2: obj.items is the method even when the mapping has a key "items"; obj['items'] is the key.
            var method = Filters.TryBind(ctx, id.Name, target, true);
            if (!method.IsUndefined) return method;
        }

        Value val = new UndefinedValue("object_property");
        if (prop.IsUndefined) return val;
        if (!prop.IsHashable) throw new TemplateError("Type: " + prop.TypeName + " is not allowed as object key");

        if (target.IsUndefined) return val;
        if (target is ObjectValue o)
        {
            val = o.Get(prop, val);
            if (val.IsUndefined) val = Filters.TryBind(ctx, prop.AsString(), target, true);
        }
        else if (target is ArrayValue or StringValue)
        {
            if (prop is IntValue)
            {
                long index = prop.AsInt();
                if (target is ArrayValue arr)
                {
                    if (index < 0) index += arr.Items.Count;
                    if (index >= 0 && index < arr.Items.Count) val = arr.Items[(int)index];
                }
                else
                {
                    var str = target.AsString();
                    if (index >= 0 && index < str.Length) val = new StringValue(str[(int)index].ToString());
                }
            }
            else if (prop is StringValue) val = Filters.TryBind(ctx, prop.AsString(), target, true);
            else throw new TemplateError("Cannot access property with non-string/non-number: got " + prop.TypeName);
        }
        else
        {
            if (prop is not StringValue) throw new TemplateError("Cannot access property with non-string: got " + prop.TypeName);
            val = Filters.TryBind(ctx, prop.AsString(), target, true);
        }

        if (ctx.IsGetStats)
        {
            val.MarkUsed();
            target.MarkUsed();
            prop.MarkUsed();
            if (prop is IntValue) target.AddOp("array_access");
            else if (prop is StringValue) target.AddOp("object_access");
        }
        return val;
    }

    private static Value Slice(Context ctx, Value target, SliceExpression s)
    {
        long size = target is ArrayValue a ? a.Items.Count : target is StringValue str ? str.Text.Length : 0;
        var step = s.Step?.Execute(ctx) ?? new IntValue(1);
        var start = s.Start?.Execute(ctx) ?? new IntValue(step.AsInt() < 0 ? size - 1 : 0);
        var stop = s.Stop?.Execute(ctx) ?? new IntValue(step.AsInt() < 0 ? -1 : size);
        var fn = (FunctionValue)Filters.TryBind(ctx, "slice", target, false);
        return fn.Invoke(BinaryExpression.Args(ctx, start, stop, step));
    }
}
