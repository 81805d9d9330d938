using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Platform.Web.Tests.Pages;

/// <summary>
/// Fetches a page and parses it, so tests look at elements and text rather than at encoded markup. Pages with
/// [StreamRendering] send a placeholder first and the finished component later in <c>&lt;blazor-ssr&gt;</c>
/// templates; they are applied here the way blazor.web.js applies them, so a test sees what a reader sees.
/// </summary>
public static class Html
{
    public static async Task<IDocument> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
        return Parse(body);
    }

    public static IDocument Parse(string body)
    {
        var document = new HtmlParser().ParseDocument(body);
        var pending = document.QuerySelectorAll("blazor-ssr template[blazor-component-id]").Cast<IHtmlTemplateElement>().ToList();
        // An update may fill a component that only exists inside another update (head content of a streamed
        // page, for one), so updates wait until their place has appeared.
        while (pending.Count > 0)
        {
            var applied = pending.Where(update => TryApply(document, update)).ToList();
            Assert.True(applied.Count > 0,
                $"The streamed update(s) for component(s) {string.Join(", ", pending.Select(u => u.GetAttribute("blazor-component-id")))} have no place in the page.");
            pending.RemoveAll(applied.Contains);
        }
        document.QuerySelector("blazor-ssr")?.RemoveFromParent();
        return document;
    }

    private static bool TryApply(IDocument document, IHtmlTemplateElement update)
    {
        var id = update.GetAttribute("blazor-component-id");
        var comments = document.Descendants<IComment>().ToList();
        var start = comments.FirstOrDefault(c => c.Data == $"bl:{id}");
        var end = comments.FirstOrDefault(c => c.Data == $"/bl:{id}");
        if (start is null || end is null)
        {
            return false;
        }
        while (start.NextSibling is { } node && node != end)
        {
            node.RemoveFromParent();
        }
        foreach (var node in update.Content.ChildNodes.ToList())
        {
            end.Parent!.InsertBefore(node.Clone(deep: true), end);
        }
        return true;
    }

    public static IReadOnlyList<string> Texts(this IDocument document, string selector) =>
        document.QuerySelectorAll(selector).Select(e => e.TextContent.Trim()).ToList();
}
