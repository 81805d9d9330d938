using System.Globalization;
using System.Text;

namespace Platform.Templating;

internal static partial class Builtins
{
    private static string Upper(string s) => string.Create(s.Length, s, (span, src) => { for (int i = 0; i < src.Length; i++) span[i] = char.IsAsciiLetterLower(src[i]) ? (char)(src[i] - 32) : src[i]; });
    private static string Lower(string s) => string.Create(s.Length, s, (span, src) => { for (int i = 0; i < src.Length; i++) span[i] = char.IsAsciiLetterUpper(src[i]) ? (char)(src[i] + 32) : src[i]; });
    private static bool IsCSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    private static string Strip(string s, bool left, bool right, string? chars)
    {
        bool Match(char c) => chars != null ? chars.Contains(c) : IsCSpace(c);
        int start = 0, end = s.Length;
        if (left) while (start < end && Match(s[start])) start++;
        if (right) while (end > start && Match(s[end - 1])) end--;
        return s[start..end];
    }

    private static Builtin StripFn(bool left, bool right, bool checkType) => args =>
    {
        if (checkType) args.EnsureTypes(FuncArgs.Str);
        else if (args.Pos(0) is not StringValue) throw new TemplateError("strip() first argument must be a string");
        var chars = args.KwargOrPos("chars", 1);
        return new StringValue(Strip(args.Pos(0).AsString(), left, right, chars.IsUndefined ? null : chars.AsString()));
    };

    private static Builtin StrFn(Func<string, string> f) => args =>
    {
        args.EnsureTypes(FuncArgs.Str);
        return new StringValue(f(args.Pos(0).AsString()));
    };

    private static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool next = true;
        foreach (var c in s)
        {
            if (IsCSpace(c)) { next = true; sb.Append(c); }
            else if (next) { sb.Append(Upper(c.ToString())); next = false; }
            else sb.Append(Lower(c.ToString()));
        }
        return sb.ToString();
    }

    private static Builtin Split(bool fromRight) => args =>
    {
        args.EnsureCount(1, 3);
        if (args.Pos(0) is not StringValue input) throw new TemplateError((fromRight ? "rsplit" : "split") + "() first argument must be a string");
        var str = input.Text;
        // Without a separator llama.cpp splits on a single space, not on runs of whitespace.
        var delim = args.Count > 1 ? args.Pos(1).AsString() : " ";
        if (delim.Length == 0) throw new TemplateError("empty separator");
        long maxSplit = args.Count > 2 ? args.Pos(2).AsInt() : -1;
        var parts = new List<Value>();
        int at;
        while ((at = fromRight ? str.LastIndexOf(delim, StringComparison.Ordinal) : str.IndexOf(delim, StringComparison.Ordinal)) >= 0 && maxSplit != 0)
        {
            if (fromRight) { parts.Add(new StringValue(str[(at + delim.Length)..])); str = str[..at]; }
            else { parts.Add(new StringValue(str[..at])); str = str[(at + delim.Length)..]; }
            --maxSplit;
        }
        parts.Add(new StringValue(str));
        if (fromRight) parts.Reverse();
        return new ArrayValue(parts);
    };

    // std::stoi: optional spaces and sign, then as many digits of the base as there are; none is an error.
    private static long? ParseLeadingInt(string s, int numberBase)
    {
        int i = 0;
        while (i < s.Length && IsCSpace(s[i])) i++;
        bool negative = false;
        if (i < s.Length && s[i] is '+' or '-') negative = s[i++] == '-';
        if (numberBase is 0 or 16 && i + 1 < s.Length && s[i] == '0' && s[i + 1] is 'x' or 'X') { i += 2; numberBase = 16; }
        else if (numberBase == 0) numberBase = i < s.Length && s[i] == '0' ? 8 : 10;
        long value = 0;
        int digits = 0;
        for (; i < s.Length; i++, digits++)
        {
            int d = char.IsAsciiDigit(s[i]) ? s[i] - '0' : char.IsAsciiLetter(s[i]) ? char.ToLowerInvariant(s[i]) - 'a' + 10 : 99;
            if (d >= numberBase) break;
            value = value * numberBase + d;
            if (value > int.MaxValue + 1L) return null;
        }
        if (digits == 0) return null;
        value = negative ? -value : value;
        return value is < int.MinValue or > int.MaxValue ? null : value;
    }

    public static readonly Table String = new()
    {
        ["default"] = DefaultValue,
        ["upper"] = StrFn(Upper),
        ["lower"] = StrFn(Lower),
        ["strip"] = StripFn(true, true, checkType: false),
        ["rstrip"] = StripFn(false, true, checkType: true),
        ["lstrip"] = StripFn(true, false, checkType: true),
        ["title"] = StrFn(Title),
        ["capitalize"] = StrFn(s => s.Length == 0 ? s : Upper(s[..1]) + Lower(s[1..])),
        ["length"] = args => { args.EnsureTypes(FuncArgs.Str); return new IntValue(args.Pos(0).AsString().Length); },
        ["startswith"] = args =>
        {
            args.EnsureTypes(FuncArgs.Str, FuncArgs.Str);
            return Truth(args.Pos(0).AsString().StartsWith(args.Pos(1).AsString(), StringComparison.Ordinal));
        },
        ["endswith"] = args =>
        {
            args.EnsureTypes(FuncArgs.Str, FuncArgs.Str);
            return Truth(args.Pos(0).AsString().EndsWith(args.Pos(1).AsString(), StringComparison.Ordinal));
        },
        ["split"] = Split(fromRight: false),
        ["rsplit"] = Split(fromRight: true),
        ["replace"] = args =>
        {
            args.EnsureTypes(FuncArgs.Str, FuncArgs.Str, FuncArgs.Str, (v => v is IntValue, "Integer", false));
            var str = args.Pos(0).AsString();
            var old = args.Pos(1).AsString();
            var replacement = args.Pos(2).AsString();
            long count = args.Count > 3 ? args.Pos(3).AsInt() : -1;
            if (count > 0) throw new TemplateNotImplemented("String replace with count argument not implemented");
            if (old == replacement) return new StringValue(str);
            if (old.Length == 0)
            {
                var sb = new StringBuilder(replacement);
                foreach (var c in str) sb.Append(c).Append(replacement);
                return new StringValue(sb.ToString());
            }
            return new StringValue(str.Replace(old, replacement, StringComparison.Ordinal));
        },
        ["format"] = args =>
        {
            if (args.Pos(0) is not StringValue fmt) throw new TemplateError("format() first argument must be a string");
            var sb = new StringBuilder();
            int argIndex = 1;
            for (int i = 0; i < fmt.Text.Length; i++)
            {
                if (fmt.Text[i] != '{') { sb.Append(fmt.Text[i]); continue; }
                if (i + 1 >= fmt.Text.Length || fmt.Text[i + 1] != '}')
                    throw new TemplateNotImplemented("format() only supports simple '{}' placeholders");
                ++i;
                sb.Append(args.Pos(argIndex++).AsString());
            }
            return new StringValue(sb.ToString());
        },
        ["int"] = args =>
        {
            var input = args.Pos(0);
            var fallback = args.KwargOrPos("default", 1);
            var baseArg = args.KwargOrPos("base", 2);
            int numberBase = baseArg.IsUndefined ? 10 : (int)baseArg.AsInt();
            if (numberBase != 0 && (numberBase < 2 || numberBase > 36)) throw new TemplateError("int() base must be 0 or between 2 and 36");
            if (input is not StringValue s) throw new TemplateError("int() first argument must be a string");
            return new IntValue(ParseLeadingInt(s.Text, numberBase) ?? (fallback.IsUndefined ? 0 : fallback.AsInt()));
        },
        ["float"] = args =>
        {
            args.EnsureTypes(FuncArgs.Str);
            var fallback = args.KwargOrPos("default", 1);
            var m = System.Text.RegularExpressions.Regex.Match(args.Pos(0).AsString(), @"^\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|nan)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            return m.Success && double.TryParse(m.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? new FloatValue(d) : new FloatValue(fallback.IsUndefined ? 0.0 : fallback.AsFloat());
        },
        ["string"] = args => { args.EnsureTypes(FuncArgs.Str); return new StringValue(args.Pos(0).AsString()); },
        ["slice"] = args =>
        {
            var (start, stop, step) = SliceBounds(args, FuncArgs.Str);
            return new StringValue(new string(SliceOf(args.Pos(0).AsString().ToCharArray(), start, stop, step).ToArray()));
        },
        ["safe"] = args => { args.EnsureTypes(FuncArgs.Str); return args.Pos(0); },
        ["tojson"] = ToJson,
        ["indent"] = Indent,
        ["join"] = NotImplemented("String join builtin not implemented"),
    };

    private static Value Indent(FuncArgs args)
    {
        args.EnsureCount(1, 4);
        var input = args.Pos(0);
        var width = args.KwargOrPos("width", 1);
        bool first = args.KwargOrPos("first", 2).AsBool();
        bool blank = args.KwargOrPos("blank", 3).AsBool();
        if (input is not StringValue s) throw new TemplateError("indent() first argument must be a string");
        var pad = width is IntValue w ? new string(' ', (int)w.Value) : width is StringValue ws ? ws.Text : "    ";
        var text = s.Text;
        // std::getline: a final newline does not start another line.
        var lines = text.Split('\n').ToList();
        if (text.EndsWith('\n') || text.Length == 0) lines.RemoveAt(lines.Count - 1);
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            if (sb.Length > 0) sb.Append('\n');
            if (sb.Length == 0 ? first : line.Length > 0 || blank) sb.Append(pad);
            sb.Append(line);
        }
        if (text.EndsWith('\n'))
        {
            sb.Append('\n');
            if (blank) sb.Append(pad);
        }
        return new StringValue(sb.ToString());
    }
}
