using System.Text;

namespace Platform.Templating;

/// <summary>A parsed Jinja template. Parsing fails with a <see cref="TemplateException"/> naming the line and column.</summary>
public sealed class Template
{
    private readonly List<Node> body;

    private Template(string source, List<Node> body)
    {
        Source = source;
        this.body = body;
    }

    /// <summary>The source as the engine reads it: \r\n as \n and one final newline dropped.</summary>
    public string Source { get; }

    public static Template Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (tokens, normalized) = Lexer.Tokenize(source);
        return new Template(normalized, new Parser(tokens, normalized).Parse());
    }

    /// <summary>Renders with the given variables; <paramref name="now"/> is what strftime_now formats.</summary>
    public string Render(ObjectValue variables, DateTime now) => Render(variables, now, collectUsage: false);

    internal string Render(ObjectValue variables, DateTime now, bool collectUsage)
    {
        var ctx = new Context(Source, now) { IsGetStats = collectUsage };
        foreach (var (k, v) in variables.Pairs) ctx.Env.Set(k, v);
        var sb = new StringBuilder();
        try
        {
            foreach (var node in body) Node.Gather(node.Execute(ctx), sb);
        }
        catch (TemplateNotImplemented e)
        {
            throw new TemplateException(e.Message);
        }
        catch (BreakSignal)
        {
            throw new TemplateException("'break' outside a loop");
        }
        catch (ContinueSignal)
        {
            throw new TemplateException("'continue' outside a loop");
        }
        return sb.ToString();
    }
}
