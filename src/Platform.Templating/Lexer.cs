using System.Text;

namespace Platform.Templating;

internal enum TokenType
{
    Eof, Text, NumericLiteral, StringLiteral, Identifier, Equals, OpenParen, CloseParen, OpenStatement,
    CloseStatement, OpenExpression, CloseExpression, OpenSquareBracket, CloseSquareBracket, OpenCurlyBracket,
    CloseCurlyBracket, Comma, Dot, Colon, Pipe, CallOperator, AdditiveBinaryOperator,
    MultiplicativeBinaryOperator, ComparisonBinaryOperator, UnaryOperator, Comment,
}

internal readonly record struct Token(TokenType Type, string Value, int Pos);

/// <summary>
/// Splits a template into tokens with llama.cpp's rules for chat templates: trim_blocks and lstrip_blocks on,
/// a single trailing newline dropped, \r\n read as \n, and `-` on a tag trimming whitespace next to it.
/// </summary>
internal static class Lexer
{
    private static readonly (string Seq, TokenType Type)[] Table =
    [
        ("{%-", TokenType.OpenStatement), ("-%}", TokenType.CloseStatement),
        ("{{-", TokenType.OpenExpression), ("-}}", TokenType.CloseExpression),
        ("{%", TokenType.OpenStatement), ("%}", TokenType.CloseStatement),
        ("{{", TokenType.OpenExpression), ("}}", TokenType.CloseExpression),
        ("(", TokenType.OpenParen), (")", TokenType.CloseParen),
        ("{", TokenType.OpenCurlyBracket), ("}", TokenType.CloseCurlyBracket),
        ("[", TokenType.OpenSquareBracket), ("]", TokenType.CloseSquareBracket),
        (",", TokenType.Comma), (".", TokenType.Dot), (":", TokenType.Colon), ("|", TokenType.Pipe),
        ("<=", TokenType.ComparisonBinaryOperator), (">=", TokenType.ComparisonBinaryOperator),
        ("==", TokenType.ComparisonBinaryOperator), ("!=", TokenType.ComparisonBinaryOperator),
        ("<", TokenType.ComparisonBinaryOperator), (">", TokenType.ComparisonBinaryOperator),
        ("+", TokenType.AdditiveBinaryOperator), ("-", TokenType.AdditiveBinaryOperator),
        ("~", TokenType.AdditiveBinaryOperator), ("*", TokenType.MultiplicativeBinaryOperator),
        ("/", TokenType.MultiplicativeBinaryOperator), ("%", TokenType.MultiplicativeBinaryOperator),
        ("=", TokenType.Equals),
    ];

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
    private static bool IsDigit(char c) => c is >= '0' and <= '9';
    private static bool IsWord(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_';

    public static (List<Token> Tokens, string Source) Tokenize(string source)
    {
        var tokens = new List<Token>();
        if (source.Length == 0) return (tokens, source);
        var src = source.Replace("\r\n", "\n").Replace('\r', '\n');
        if (source[^1] == '\n') src = src[..^1];

        int pos = 0;
        uint curlyDepth = 0; // unsigned, as in llama.cpp: a stray } wraps it and "}}" then never closes
        char At(int i) => i < src.Length && i >= 0 ? src[i] : '\0';
        bool NextIs(string chars, int n = 1) => pos + n < src.Length && chars.Contains(src[pos + n]);
        TemplateException Fail(string msg, int at) =>
            new(SourceText.Locate("Template syntax error", msg, src, Math.Min(at, src.Length)));

        string ConsumeWhile(Func<char, bool> predicate)
        {
            var sb = new StringBuilder();
            while (predicate(At(pos)))
            {
                if (At(pos) == '\\')
                {
                    ++pos;
                    if (pos >= src.Length) throw Fail("unexpected end of input after escape character", pos);
                    char esc = src[pos++];
                    sb.Append(esc switch
                    {
                        'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', 'v' => '\v',
                        '\\' => '\\', '\'' => '\'', '"' => '"',
                        _ => throw Fail("unknown escape character \\" + esc, pos),
                    });
                    continue;
                }
                sb.Append(At(pos++));
                if (pos > src.Length) throw Fail("unexpected end of input in a string literal", pos);
            }
            return sb.ToString();
        }

        string ConsumeNumeric()
        {
            var num = ConsumeWhile(IsDigit);
            if (pos < src.Length && src[pos] == '.' && pos + 1 < src.Length && IsDigit(src[pos + 1]))
            {
                ++pos;
                num += "." + ConsumeWhile(IsDigit);
            }
            return num;
        }

        while (pos < src.Length)
        {
            int startPos = pos;
            var last = tokens.Count == 0 ? TokenType.CloseStatement : tokens[^1].Type;
            if (last is TokenType.CloseStatement or TokenType.CloseExpression or TokenType.Comment)
            {
                bool canRemoveNewline = false, rstripBlock = false;
                if (pos > 3)
                {
                    char c0 = src[pos - 3], c1 = src[pos - 2], c2 = src[pos - 1];
                    rstripBlock = c0 == '-' && c1 is '%' or '}' or '#' && c2 == '}';
                    canRemoveNewline = c1 is '#' or '%' or '-' && c2 == '}';
                }
                int start = pos, end = start;
                while (pos < src.Length && !(src[pos] == '{' && NextIs("%{#"))) end = ++pos;

                // lstrip_blocks: spaces before {% or {# on their own line go.
                if (At(pos) == '{' && NextIs("%#-"))
                {
                    int current = end;
                    while (current > start)
                    {
                        char c = src[current - 1];
                        if (current == 1) { end = 0; break; }
                        if (c == '\n') { end = current; break; }
                        if (!IsSpace(c)) break;
                        --current;
                    }
                }
                var text = src[start..Math.Max(start, end)];
                if (canRemoveNewline && text.StartsWith('\n')) text = text[1..];
                if (rstripBlock) text = text.TrimStart(' ', '\t', '\r', '\n');
                if (At(pos) == '{' && NextIs("{%#") && NextIs("-", 2)) text = text.TrimEnd(' ', '\t', '\r', '\n');
                if (text.Length > 0)
                {
                    tokens.Add(new(TokenType.Text, text, startPos));
                    continue;
                }
            }

            if (At(pos) == '{' && NextIs("#"))
            {
                startPos = pos;
                pos += 2;
                var comment = new StringBuilder();
                while (!(At(pos) == '#' && NextIs("}")))
                {
                    if (pos + 2 >= src.Length) throw Fail("missing end of comment tag", pos);
                    comment.Append(src[pos++]);
                }
                tokens.Add(new(TokenType.Comment, comment.ToString(), startPos));
                pos += 2;
                continue;
            }

            if (At(pos) == '-' && last is TokenType.OpenExpression or TokenType.OpenStatement)
            {
                pos++;
                if (pos >= src.Length) break;
            }

            ConsumeWhile(IsSpace);
            if (pos >= src.Length) break;
            char ch = src[pos];
            bool closing = ch == '-' && NextIs("%}");

            if (!closing && ch is '-' or '+')
            {
                startPos = pos;
                var prev = tokens.Count == 0 ? TokenType.Eof : tokens[^1].Type;
                if (prev is TokenType.Text or TokenType.Eof) throw Fail("unexpected character: " + ch, pos);
                if (prev is not (TokenType.Identifier or TokenType.NumericLiteral or TokenType.StringLiteral
                    or TokenType.CloseParen or TokenType.CloseSquareBracket))
                {
                    ++pos;
                    var num = ConsumeNumeric();
                    tokens.Add(new(num.Length == 0 ? TokenType.UnaryOperator : TokenType.NumericLiteral, ch + num, startPos));
                    continue;
                }
            }

            bool matched = false;
            foreach (var (seq, type) in Table)
            {
                if (seq == "}}" && curlyDepth > 0) continue;
                if (string.CompareOrdinal(src, pos, seq, 0, seq.Length) == 0 && pos + seq.Length <= src.Length)
                {
                    tokens.Add(new(type, seq, pos));
                    if (type == TokenType.OpenExpression) curlyDepth = 0;
                    else if (type == TokenType.OpenCurlyBracket) ++curlyDepth;
                    else if (type == TokenType.CloseCurlyBracket) --curlyDepth;
                    pos += seq.Length;
                    matched = true;
                    break;
                }
            }
            if (matched) continue;

            if (ch is '\'' or '"')
            {
                startPos = pos;
                ++pos;
                var str = ConsumeWhile(c => c != ch);
                tokens.Add(new(TokenType.StringLiteral, str, startPos));
                ++pos;
                continue;
            }
            if (IsDigit(ch))
            {
                startPos = pos;
                tokens.Add(new(TokenType.NumericLiteral, ConsumeNumeric(), startPos));
                continue;
            }
            if (IsWord(ch))
            {
                startPos = pos;
                tokens.Add(new(TokenType.Identifier, ConsumeWhile(IsWord), startPos));
                continue;
            }
            throw Fail("unexpected character: " + ch, pos);
        }
        return (tokens, src);
    }
}
