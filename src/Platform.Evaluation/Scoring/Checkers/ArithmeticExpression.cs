
namespace Platform.Evaluation.Scoring.Checkers;

/// <summary>
/// A parsed arithmetic expression over non-negative number literals with + - * / and brackets, evaluated in
/// exact rationals. "×", "x", "·" multiply; "÷", ":" divide; "−" and "–" subtract; (), [] and {} group.
/// There is no unary minus and no implicit multiplication: "2(3+4)" is an error, not 14.
/// </summary>
public sealed class ArithmeticExpression
{
    private readonly List<Token> _tokens;
    private int _position;
    private readonly List<Rational> _literals = [];

    private ArithmeticExpression(List<Token> tokens) => _tokens = tokens;

    /// <summary>The number literals in the order they appear.</summary>
    public IReadOnlyList<Rational> Literals => _literals;

    public Rational Value { get; private set; }

    /// <summary>Parses and evaluates; on failure <paramref name="problem"/> says where and why.</summary>
    public static bool TryEvaluate(string text, out ArithmeticExpression expression, out string problem)
    {
        expression = null!;
        if (!TryTokenize(text, out var tokens, out problem)) return false;
        var parsed = new ArithmeticExpression(tokens);
        try
        {
            parsed.Value = parsed.ParseSum();
            if (parsed._position < tokens.Count)
            {
                var stray = tokens[parsed._position];
                problem = stray.Kind == TokenKind.Number || stray.Text is "(" or "[" or "{"
                    ? $"missing operator before '{stray.Text}' at character {stray.Offset + 1}"
                    : $"unexpected '{stray.Text}' at character {stray.Offset + 1}";
                return false;
            }
        }
        catch (FormatException error)
        {
            problem = error.Message;
            return false;
        }
        catch (DivideByZeroException)
        {
            problem = "the expression divides by zero";
            return false;
        }
        expression = parsed;
        return true;
    }

    private Rational ParseSum()
    {
        var value = ParseProduct();
        while (Peek() is { Kind: TokenKind.Operator, Text: "+" or "-" } op)
        {
            _position++;
            var right = ParseProduct();
            value = op.Text == "+" ? value + right : value - right;
        }
        return value;
    }

    private Rational ParseProduct()
    {
        var value = ParseFactor();
        while (Peek() is { Kind: TokenKind.Operator, Text: "*" or "/" } op)
        {
            _position++;
            var right = ParseFactor();
            value = op.Text == "*" ? value * right : value / right;
        }
        return value;
    }

    private Rational ParseFactor()
    {
        var token = Peek() ?? throw new FormatException("the expression ends where a number or '(' was expected");
        _position++;
        switch (token.Kind)
        {
            case TokenKind.Number:
                _literals.Add(token.Number);
                return token.Number;
            case TokenKind.Open:
                var inner = ParseSum();
                var close = Peek();
                if (close is not { Kind: TokenKind.Close } || !Matches(token.Text, close.Text))
                    throw new FormatException($"the bracket opened at character {token.Offset + 1} is not closed");
                _position++;
                return inner;
            case TokenKind.Operator when token.Text == "-":
                throw new FormatException($"unary minus at character {token.Offset + 1} is not allowed; use only the given numbers");
            default:
                throw new FormatException($"unexpected '{token.Text}' at character {token.Offset + 1}; a number or '(' was expected");
        }
    }

    private Token? Peek() => _position < _tokens.Count ? _tokens[_position] : null;

    private static bool Matches(string open, string close) =>
        (open, close) is ("(", ")") or ("[", "]") or ("{", "}");

    private static bool TryTokenize(string text, out List<Token> tokens, out string problem)
    {
        tokens = [];
        problem = "";
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
                var literal = text[start..i];
                var parts = literal.Split('.');
                if (parts.Length > 2) { problem = $"'{literal}' at character {start + 1} is not a number"; return false; }
                var number = Rational.ParseDecimal(parts[0].Length == 0 ? "0" : parts[0], parts.Length == 2 ? parts[1] : "");
                tokens.Add(new Token(TokenKind.Number, literal, start, number));
                continue;
            }
            var kind = c switch
            {
                '+' => ("+", TokenKind.Operator),
                '-' or '\u2212' or '\u2013' => ("-", TokenKind.Operator),
                '*' or '\u00d7' or 'x' or 'X' or '\u00b7' or '\u2217' or '\u22c5' => ("*", TokenKind.Operator),
                '/' or '\u00f7' or ':' or '\u2215' => ("/", TokenKind.Operator),
                '(' or '[' or '{' => (c.ToString(), TokenKind.Open),
                ')' or ']' or '}' => (c.ToString(), TokenKind.Close),
                _ => ((string?)null, TokenKind.Operator),
            };
            if (kind.Item1 is null)
            {
                problem = $"unexpected character '{c}' at character {i + 1}; only numbers, + - * / and brackets are allowed";
                return false;
            }
            tokens.Add(new Token(kind.Item2, kind.Item1, i, Rational.Zero));
            i++;
        }
        if (tokens.Count == 0) { problem = "the expression is empty"; return false; }
        return true;
    }

    private enum TokenKind { Number, Operator, Open, Close }

    private sealed record Token(TokenKind Kind, string Text, int Offset, Rational Number);
}
