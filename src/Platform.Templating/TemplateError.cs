namespace Platform.Templating;

/// <summary>A template that cannot be parsed or rendered; the message names the construct and its position.</summary>
public class TemplateException(string message) : Exception(message);

/// <summary>An error raised while evaluating, before it is given a position.</summary>
internal class TemplateError(string message) : Exception(message);

/// <summary>A construct llama.cpp's engine does not implement either; it propagates without a position, as there.</summary>
internal sealed class TemplateNotImplemented(string message) : TemplateError("NotImplemented: " + message);

internal sealed class BreakSignal : Exception;

internal sealed class ContinueSignal : Exception;

internal static class SourceText
{
    public static (int Line, int Column) LineColumn(string source, int pos)
    {
        int line = 1, col = 1;
        for (int i = 0; i < pos && i < source.Length; i++)
        {
            if (source[i] == '\n') { line++; col = 1; }
            else col++;
        }
        return (line, col);
    }

    public static string Excerpt(string source, int pos, int radius = 40)
    {
        if (source.Length == 0) return "(no source available)";
        int start = Math.Max(0, pos - radius), end = Math.Min(source.Length, pos + radius);
        if (start > end) start = end;
        var text = source[start..end].Replace("\n", "↵");
        return "..." + text + "...\n" + new string(' ', pos - start + 3) + "^";
    }

    public static string Locate(string kind, string message, string source, int pos)
    {
        var (line, col) = LineColumn(source, pos);
        return $"{kind} at line {line}, column {col}: {message}\n{Excerpt(source, pos)}";
    }
}
