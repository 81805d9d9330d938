using System.Globalization;

namespace Platform.Templating;

/// <summary>Expressions, from the ternary down to literals.</summary>
internal sealed partial class Parser
{
    private Node ParseExpression() => ParseIfExpression();

    private Node ParseIfExpression()
    {
        var a = ParseOr();
        if (!IsIdentifier("if")) return a;
        int start = current;
        ++current;
        var test = ParseOr();
        if (IsIdentifier("else"))
        {
            int pos0 = current;
            ++current;
            var otherwise = ParseIfExpression();
            return At(pos0, new TernaryExpression(test, a, otherwise));
        }
        return At(start, new SelectExpression(a, test));
    }

    private Node ParseOr()
    {
        var left = ParseAnd();
        while (IsIdentifier("or"))
        {
            int start = current;
            var op = Next().Value;
            left = At(start, new BinaryExpression(op, left, ParseAnd()));
        }
        return left;
    }

    private Node ParseAnd()
    {
        var left = ParseNot();
        while (IsIdentifier("and"))
        {
            int start = current;
            var op = Next().Value;
            left = At(start, new BinaryExpression(op, left, ParseNot()));
        }
        return left;
    }

    private Node ParseNot()
    {
        if (!IsIdentifier("not")) return ParseComparison();
        int start = current;
        var op = Next().Value;
        return At(start, new UnaryExpression(op, ParseNot()));
    }

    private Node ParseComparison()
    {
        var left = ParseAdditive();
        while (true)
        {
            int start = current;
            string op;
            if (IsIdentifier("not") && Peek(1).Type == TokenType.Identifier && Peek(1).Value == "in")
            {
                op = "not in";
                current += 2;
            }
            else if (IsIdentifier("in") || Is(TokenType.ComparisonBinaryOperator)) op = Next().Value;
            else break;
            left = At(start, new BinaryExpression(op, left, ParseAdditive()));
        }
        return left;
    }

    private Node ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Is(TokenType.AdditiveBinaryOperator))
        {
            int start = current;
            var op = Next().Value;
            left = At(start, new BinaryExpression(op, left, ParseMultiplicative()));
        }
        return left;
    }

    private Node ParseMultiplicative()
    {
        var left = ParseTest();
        while (Is(TokenType.MultiplicativeBinaryOperator))
        {
            int start = current;
            var op = Next().Value;
            left = At(start, new BinaryExpression(op, left, ParseTest()));
        }
        return left;
    }

    private Node ParseTest()
    {
        var operand = ParseFilter();
        while (IsIdentifier("is"))
        {
            int start = current;
            ++current;
            bool negate = false;
            if (IsIdentifier("not")) { ++current; negate = true; }
            var test = ParsePrimary();
            if (Is(TokenType.OpenParen)) test = ParseCall(test);
            operand = At(start, new TestExpression(operand, negate, test));
        }
        return operand;
    }

    private Node ParseFilter()
    {
        var operand = ParseUnary();
        while (Is(TokenType.Pipe))
        {
            int start = current;
            ++current;
            var filter = ParsePrimary();
            if (Is(TokenType.OpenParen)) filter = ParseCall(filter);
            operand = At(start, new FilterExpression(operand, filter));
        }
        return operand;
    }

    private Node ParseUnary()
    {
        if (!Is(TokenType.UnaryOperator)) return ParseCallMember();
        int start = current;
        var op = Next().Value;
        return At(start, new UnaryExpression(op, ParseUnary()));
    }

    private Node ParseCallMember()
    {
        var member = ParseMember(ParsePrimary());
        return Is(TokenType.OpenParen) ? ParseCall(member) : member;
    }

    private Node ParseCall(Node callee)
    {
        int start = current;
        var call = At(start, new CallExpression(callee, ParseArgs()));
        var member = ParseMember(call);
        return Is(TokenType.OpenParen) ? ParseCall(member) : member;
    }

    private List<Node> ParseArgs()
    {
        Expect(TokenType.OpenParen, "(");
        var args = new List<Node>();
        while (!Is(TokenType.CloseParen))
        {
            if (current >= tokens.Count) throw Error("missing ')'", source.Length);
            Node arg;
            if (Peek().Type == TokenType.MultiplicativeBinaryOperator && Peek().Value == "*")
            {
                int start = current;
                ++current;
                arg = At(start, new SpreadExpression(ParseExpression()));
            }
            else
            {
                arg = ParseExpression();
                if (Is(TokenType.Equals))
                {
                    int start = current;
                    ++current;
                    arg = At(start, new KeywordArgument(arg, ParseExpression()));
                }
            }
            args.Add(arg);
            if (Is(TokenType.Comma)) ++current;
        }
        Expect(TokenType.CloseParen, ")");
        return args;
    }

    private Node ParseMember(Node obj)
    {
        int start = current;
        while (Is(TokenType.Dot) || Is(TokenType.OpenSquareBracket))
        {
            bool computed = Next().Type == TokenType.OpenSquareBracket;
            Node prop;
            if (computed)
            {
                prop = ParseMemberArguments();
                Expect(TokenType.CloseSquareBracket, "]");
            }
            else prop = ParsePrimary();
            obj = At(start, new MemberExpression(obj, prop, computed));
        }
        return obj;
    }

    private Node ParseMemberArguments()
    {
        var slices = new List<Node?>();
        bool isSlice = false;
        int start = current;
        while (!Is(TokenType.CloseSquareBracket))
        {
            if (current >= tokens.Count) throw Error("missing ']'", source.Length);
            if (Is(TokenType.Colon))
            {
                slices.Add(null);
                ++current;
                isSlice = true;
            }
            else
            {
                slices.Add(ParseExpression());
                if (Is(TokenType.Colon)) { ++current; isSlice = true; }
            }
        }
        if (isSlice)
            return At(start, new SliceExpression(slices.ElementAtOrDefault(0), slices.ElementAtOrDefault(1), slices.ElementAtOrDefault(2)));
        return slices.Count == 0 ? At(start, new BlankExpression()) : slices[0]!;
    }

    private Node ParsePrimary()
    {
        int start = current;
        var t = Next();
        switch (t.Type)
        {
            case TokenType.NumericLiteral:
                try
                {
                    return t.Value.Contains('.')
                        ? At(start, new Literal(new FloatValue(double.Parse(t.Value, CultureInfo.InvariantCulture))))
                        : At(start, new Literal(new IntValue(long.Parse(t.Value, CultureInfo.InvariantCulture))));
                }
                catch (OverflowException) { throw Error($"number out of range: {t.Value}", t.Pos); }
            case TokenType.StringLiteral:
            {
                var val = t.Value;
                while (Is(TokenType.StringLiteral)) val += Next().Value;
                return At(start, new StringLiteral(val));
            }
            case TokenType.Identifier: return At(start, new Identifier(t.Value));
            case TokenType.OpenParen:
            {
                var expr = ParseSequence();
                Expect(TokenType.CloseParen, ")");
                return expr;
            }
            case TokenType.OpenSquareBracket:
            {
                var items = new List<Node>();
                while (!Is(TokenType.CloseSquareBracket))
                {
                    if (current >= tokens.Count) throw Error("missing ']'", source.Length);
                    items.Add(ParseExpression());
                    if (Is(TokenType.Comma)) ++current;
                }
                ++current;
                return At(start, new ArrayLiteral(items));
            }
            case TokenType.OpenCurlyBracket:
            {
                var pairs = new List<(Node, Node)>();
                while (!Is(TokenType.CloseCurlyBracket))
                {
                    if (current >= tokens.Count) throw Error("missing '}'", source.Length);
                    var key = ParseExpression();
                    Expect(TokenType.Colon, ":");
                    pairs.Add((key, ParseExpression()));
                    if (Is(TokenType.Comma)) ++current;
                }
                ++current;
                return At(start, new ObjectLiteral(pairs));
            }
            default: throw Error($"unexpected '{t.Value}'", t.Pos);
        }
    }
}
