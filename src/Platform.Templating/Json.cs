using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Platform.Templating;

/// <summary>The tojson output of llama.cpp's engine: insertion order, its separators and indentation.</summary>
internal static class JsonWriter
{
    public static string Write(Value v, int indent = -1, string itemSep = ", ", string keySep = ": ")
    {
        var sb = new StringBuilder();
        Write(sb, v, 0, indent, itemSep, keySep);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Value v, int level, int indent, string itemSep, string keySep)
    {
        string Pad(int lvl) => indent > 0 ? new string(' ', lvl * indent) : "";
        string newline = indent >= 0 ? "\n" : "";
        switch (v)
        {
            case NoneValue or UndefinedValue: sb.Append("null"); break;
            case BoolValue b: sb.Append(b.Value ? "true" : "false"); break;
            case IntValue i: sb.Append(i.Value.ToString(CultureInfo.InvariantCulture)); break;
            case FloatValue f: sb.Append(NumberFormat.General6(f.Value)); break;
            case StringValue s: WriteString(sb, s.Text); break;
            case ArrayValue a:
                sb.Append('[');
                if (a.Items.Count > 0)
                {
                    sb.Append(newline);
                    for (int i = 0; i < a.Items.Count; i++)
                    {
                        sb.Append(Pad(level)).Append(indent > 0 ? new string(' ', indent) : "");
                        Write(sb, a.Items[i], level + 1, indent, itemSep, keySep);
                        if (i < a.Items.Count - 1) sb.Append(itemSep);
                        sb.Append(newline);
                    }
                    sb.Append(Pad(level));
                }
                sb.Append(']');
                break;
            case ObjectValue o:
                sb.Append('{');
                if (o.Pairs.Count > 0)
                {
                    sb.Append(newline);
                    for (int i = 0; i < o.Pairs.Count; i++)
                    {
                        sb.Append(Pad(level)).Append(indent > 0 ? new string(' ', indent) : "");
                        WriteString(sb, o.Pairs[i].Key.AsString());
                        sb.Append(keySep);
                        Write(sb, o.Pairs[i].Value, level + 1, indent, itemSep, keySep);
                        if (i < o.Pairs.Count - 1) sb.Append(itemSep);
                        sb.Append(newline);
                    }
                    sb.Append(Pad(level));
                }
                sb.Append('}');
                break;
            default: sb.Append("null"); break;
        }
    }

    private static void WriteString(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>ensure_ascii: every non-ASCII character inside a string becomes \uXXXX (UTF-16 units, lower-case hex).</summary>
    public static string EnsureAscii(string json)
    {
        var sb = new StringBuilder(json.Length);
        bool inString = false, escaped = false;
        foreach (var c in json)
        {
            if (!inString) { sb.Append(c); if (c == '"') inString = true; continue; }
            if (escaped) { sb.Append(c); escaped = false; continue; }
            if (c == '\\') { sb.Append(c); escaped = true; continue; }
            if (c == '"') { sb.Append(c); inString = false; continue; }
            if (c < 0x80) sb.Append(c);
            else sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}

/// <summary>JSON into template values: integers stay integers, objects keep their order.</summary>
public static class JsonValues
{
    public static Value FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => new NoneValue(),
        JsonValueKind.True => new BoolValue(true),
        JsonValueKind.False => new BoolValue(false),
        JsonValueKind.String => new StringValue(e.GetString()!),
        JsonValueKind.Number => IsInteger(e.GetRawText()) && e.TryGetInt64(out var l)
            ? new IntValue(l) : new FloatValue(e.GetDouble()),
        JsonValueKind.Array => new ArrayValue(e.EnumerateArray().Select(FromJson).ToList()),
        JsonValueKind.Object => FromObject(e),
        _ => throw new TemplateException("Unsupported JSON value: " + e.ValueKind),
    };

    private static bool IsInteger(string raw) => raw.IndexOfAny(['.', 'e', 'E']) < 0;

    private static ObjectValue FromObject(JsonElement e)
    {
        var obj = new ObjectValue();
        foreach (var p in e.EnumerateObject()) obj.Set(p.Name, FromJson(p.Value));
        return obj;
    }

    public static Value Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return FromJson(doc.RootElement);
    }
}
