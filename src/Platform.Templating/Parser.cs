namespace Platform.Templating;

/// <summary>Builds the syntax tree with llama.cpp's precedence rules (filters bind tighter than unary minus, `in` is a comparison).</summary>
internal sealed partial class Parser(List<Token> tokens, string source)
{
    private int current;

    public List<Node> Parse()
    {
        var body = new List<Node>();
        while (current < tokens.Count) body.Add(ParseAny());
        return body;
    }

    private T At<T>(int tokenIndex, T node) where T : Node
    {
        node.Pos = tokenIndex < tokens.Count ? tokens[tokenIndex].Pos : source.Length;
        return node;
    }

    private Token Peek(int offset = 0) =>
        current + offset < tokens.Count ? tokens[current + offset] : new Token(TokenType.Eof, "", source.Length);

    private TemplateException Error(string message, int pos) =>
        new(SourceText.Locate("Template syntax error", message, source, Math.Min(pos, source.Length)));

    private Token Next()
    {
        if (current >= tokens.Count) throw Error("unexpected end of template", source.Length);
        return tokens[current++];
    }

    private Token Expect(TokenType type, string what)
    {
        var t = Peek();
        if (t.Type != type) throw Error($"expected {what} (got '{t.Value}')", t.Pos);
        current++;
        return t;
    }

    private void ExpectIdentifier(string name)
    {
        var t = Peek();
        if (t.Type != TokenType.Identifier || t.Value != name) throw Error($"expected '{name}' (got '{t.Value}')", t.Pos);
        current++;
    }

    private bool Is(TokenType type) => Peek().Type == type;
    private bool IsIdentifier(string name) => Peek().Type == TokenType.Identifier && Peek().Value == name;

    private bool IsStatement(params string[] names) =>
        Peek().Type == TokenType.OpenStatement && Peek(1).Type == TokenType.Identifier && names.Contains(Peek(1).Value);

    private void ExpectEnd(string name)
    {
        Expect(TokenType.OpenStatement, "{%");
        ExpectIdentifier(name);
        Expect(TokenType.CloseStatement, "%}");
    }

    private List<Node> BodyUntil(params string[] names)
    {
        var body = new List<Node>();
        while (!IsStatement(names))
        {
            if (current >= tokens.Count) throw Error($"missing {{% {names.First(n => n.StartsWith("end", StringComparison.Ordinal))} %}}", source.Length);
            body.Add(ParseAny());
        }
        return body;
    }

    private Node ParseAny()
    {
        int start = current;
        var t = Peek();
        switch (t.Type)
        {
            case TokenType.Comment: Next(); return At(start, new CommentNode());
            case TokenType.Text: return At(start, new StringLiteral(Next().Value));
            case TokenType.OpenStatement: return ParseStatement();
            case TokenType.OpenExpression:
                Next();
                var expr = ParseExpression();
                Expect(TokenType.CloseExpression, "}}");
                return expr;
            default: throw Error($"unexpected '{t.Value}'", t.Pos);
        }
    }

    private Node ParseStatement()
    {
        Expect(TokenType.OpenStatement, "{%");
        if (Peek().Type != TokenType.Identifier) throw Error($"expected a statement name (got '{Peek().Value}')", Peek().Pos);
        int start = current;
        var name = Next().Value;
        switch (name)
        {
            case "set": return ParseSet(start);
            case "if": { var r = ParseIf(start); ExpectEnd("endif"); return r; }
            case "macro":
            {
                var macroName = ParsePrimary();
                var args = ParseArgs();
                Expect(TokenType.CloseStatement, "%}");
                var body = BodyUntil("endmacro");
                ExpectEnd("endmacro");
                return At(start, new MacroNode(macroName, args, body));
            }
            case "for": { var r = ParseFor(start); ExpectEnd("endfor"); return r; }
            case "break": Expect(TokenType.CloseStatement, "%}"); return At(start, new BreakNode());
            case "continue": Expect(TokenType.CloseStatement, "%}"); return At(start, new ContinueNode());
            case "call":
            {
                var callerArgs = Is(TokenType.OpenParen) ? ParseArgs() : [];
                var callee = ParsePrimary();
                if (callee is not Identifier) throw Error("expected a macro name after 'call'", tokens[start].Pos);
                var callArgs = ParseArgs();
                Expect(TokenType.CloseStatement, "%}");
                var body = BodyUntil("endcall");
                ExpectEnd("endcall");
                return At(start, new CallBlockNode(At(start, new CallExpression(callee, callArgs)), callerArgs, body));
            }
            case "filter":
            {
                var filter = ParsePrimary();
                if (filter is Identifier && Is(TokenType.OpenParen)) filter = ParseCall(filter);
                Expect(TokenType.CloseStatement, "%}");
                var body = BodyUntil("endfilter");
                ExpectEnd("endfilter");
                return At(start, new FilterBlockNode(filter, body));
            }
            case "generation" or "endgeneration":
                // Hugging Face's marker for training masks: no output of its own.
                ++current;
                return At(start, new CommentNode());
            default: throw Error($"unknown statement '{name}'", tokens[start].Pos);
        }
    }

    private Node ParseSet(int start)
    {
        var left = ParseSequence();
        Node? value = null;
        var body = new List<Node>();
        if (Is(TokenType.Equals))
        {
            ++current;
            value = ParseSequence();
        }
        else
        {
            Expect(TokenType.CloseStatement, "%}");
            body = BodyUntil("endset");
            Expect(TokenType.OpenStatement, "{%");
            ExpectIdentifier("endset");
        }
        Expect(TokenType.CloseStatement, "%}");
        return At(start, new SetNode(left, value, body));
    }

    private Node ParseIf(int start)
    {
        var test = ParseExpression();
        Expect(TokenType.CloseStatement, "%}");
        var body = BodyUntil("elif", "else", "endif");
        var alternate = new List<Node>();
        if (IsStatement("elif"))
        {
            int pos0 = current;
            current += 2;
            alternate.Add(ParseIf(pos0));
        }
        else if (IsStatement("else"))
        {
            current += 2;
            Expect(TokenType.CloseStatement, "%}");
            alternate = BodyUntil("endif");
        }
        return At(start, new IfNode(test, body, alternate));
    }

    private Node ParseFor(int start)
    {
        var loopVar = ParseSequence(primary: true);
        if (!IsIdentifier("in")) throw Error("expected 'in' in a for loop", Peek().Pos);
        ++current;
        var iterable = ParseExpression();
        Expect(TokenType.CloseStatement, "%}");
        var body = BodyUntil("endfor", "else");
        var alternate = new List<Node>();
        if (IsStatement("else"))
        {
            current += 2;
            Expect(TokenType.CloseStatement, "%}");
            alternate = BodyUntil("endfor");
        }
        return At(start, new ForNode(loopVar, iterable, body, alternate));
    }

    private Node ParseSequence(bool primary = false)
    {
        int start = current;
        var items = new List<Node> { primary ? ParsePrimary() : ParseExpression() };
        bool isTuple = Is(TokenType.Comma);
        while (Is(TokenType.Comma))
        {
            ++current;
            items.Add(primary ? ParsePrimary() : ParseExpression());
        }
        return isTuple ? At(start, new TupleLiteral(items)) : items[0];
    }
}
