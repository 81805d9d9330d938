namespace Platform.Web.Tests.Pages;

/// <summary>Submits a page's form the way a browser does: every field of the form as rendered, some overridden.</summary>
public static class Forms
{
    /// <summary>GETs <paramref name="pageUrl"/>, takes the form matching <paramref name="formSelector"/> with its hidden fields (anti-forgery token, form name) and posts it.</summary>
    public static async Task<HttpResponseMessage> PostAsync(
        HttpClient client, string pageUrl, string formSelector, Dictionary<string, string> values, bool withToken = true)
    {
        var page = await Html.GetAsync(client, pageUrl);
        var form = page.QuerySelector(formSelector);
        Assert.True(form is not null, $"{pageUrl} has no form matching {formSelector}.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form!.QuerySelectorAll("input[name]"))
        {
            var type = input.GetAttribute("type");
            if ((type is "checkbox" or "radio") && !input.HasAttribute("checked"))
            {
                continue;
            }
            var name = input.GetAttribute("name")!;
            if (values.ContainsKey(name) || (!withToken && name == "__RequestVerificationToken"))
            {
                continue;
            }
            fields.Add(new(name, input.GetAttribute("value") ?? ""));
        }
        foreach (var select in form.QuerySelectorAll("select[name]"))
        {
            var name = select.GetAttribute("name")!;
            if (!values.ContainsKey(name) && (select.QuerySelector("option[selected]") ?? select.QuerySelector("option")) is { } option)
            {
                fields.Add(new(name, option.GetAttribute("value") ?? option.TextContent));
            }
        }
        fields.AddRange(values.SelectMany(v => v.Value.Split('\u001f').Select(part => new KeyValuePair<string, string>(v.Key, part))));
        var action = form.GetAttribute("action") is { Length: > 0 } target ? "/" + target.TrimStart('/') : pageUrl;
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>Several values for one field name (checkboxes), in the form <see cref="PostAsync"/> takes.</summary>
    public static string Many(params object[] values) => string.Join('\u001f', values);
}
