namespace Platform.Templating.Tests;

internal static class Render
{
    public static readonly DateTime Now = new(2026, 3, 5, 9, 7, 0, DateTimeKind.Utc);

    /// <summary>Renders with `messages` (user "Hi", assistant "Hello") and any extra JSON variables.</summary>
    public static string Of(string source, string? variablesJson = null)
    {
        var vars = (ObjectValue)JsonValues.Parse(variablesJson ?? "{}");
        if (vars.Get("messages", new UndefinedValue()).IsUndefined)
            vars.Set("messages", JsonValues.Parse("""[{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]"""));
        return Template.Parse(source).Render(vars, Now);
    }

    public static TemplateException Error(string source, string? variablesJson = null) =>
        Assert.Throws<TemplateException>(() => Of(source, variablesJson));
}
