namespace Platform.Templating.Tests;

/// <summary>A model file's template is input like any other: whatever it holds, the engine answers or raises a TemplateException.</summary>
public class HostileTemplateTests
{
    private static readonly string[] Fragments =
    [
        "{{", "}}", "{%", "%}", "{#", "#}", "{{-", "-}}", "{%-", "-%}", "for", "in", "endfor", "if", "else", "elif", "endif",
        "set", "=", "macro", "endmacro", "call", "endcall", "filter", "endfilter", "messages", "m", "x", "loop", ".", ",",
        "(", ")", "[", "]", "{", "}", ":", "|", "~", "+", "-", "*", "/", "%", "==", "<", "not", "and", "or", "is",
        "'a'", "\"b\"", "'\\n'", "'", "\"", "\\", "1", "-2", "3.5", "none", "true", "length", "tojson", "join", "trim",
        "items()", "[::-1]", "[1:]", "namespace(", "range(", "raise_exception('x')", "caller()", " ", "\n", "é", "\t",
    ];

    [Fact]
    public void Random_templates_render_or_raise_a_template_exception()
    {
        var random = new Random(20261201);
        var vars = """{"messages": [{"role": "user", "content": "Hi"}], "x": [1, "a", {"k": null}]}""";
        int rendered = 0, raisedAtRuntime = 0;
        for (int i = 0; i < 20000; i++)
        {
            // Fragments inside an expression tag, so that a good share of them parse and reach the runtime.
            var body = string.Concat(Enumerable.Range(0, random.Next(1, 8)).Select(_ => Fragments[random.Next(Fragments.Length)]));
            var source = random.Next(3) == 0 ? body : "{{ " + body + " }}";
            Template template;
            try
            {
                template = Template.Parse(source);
            }
            catch (TemplateException)
            {
                continue;
            }
            try
            {
                Render.Of(source, vars);
                rendered++;
            }
            catch (TemplateException)
            {
                raisedAtRuntime++;
            }
            catch (Exception e)
            {
                Assert.Fail($"'{source}' threw {e.GetType().Name}: {e.Message}");
            }
            GC.KeepAlive(template);
        }
        Assert.True(rendered > 1000 && raisedAtRuntime > 200, $"{rendered} rendered, {raisedAtRuntime} raised while rendering");
    }
}
