using System.Text;
using Platform.Templating;

namespace Platform.Cli.Templates;

public enum CaseOutcome { Identical, BothRaised, Different, OnlyReferenceRaised, OnlyOursRaised }

/// <summary>One case: how our rendering compared with llama.cpp's, and where they first differ (a UTF-8 byte offset).</summary>
public sealed record CaseResult(string Template, string Conversation, CaseOutcome Outcome, int? Offset, string Ours, string Reference)
{
    public bool Agrees => Outcome is CaseOutcome.Identical or CaseOutcome.BothRaised;
}

public sealed record TemplateCheckReport(IReadOnlyList<string> Templates, IReadOnlyList<CaseResult> Cases)
{
    /// <summary>Templates whose every case agrees: identical bytes, or both sides raised.</summary>
    public int IdenticalTemplates => Templates.Count(t => Cases.Where(c => c.Template == t).All(c => c.Agrees));
    public IEnumerable<CaseResult> Failures => Cases.Where(c => !c.Agrees);
    public IEnumerable<CaseResult> BothRaised => Cases.Where(c => c.Outcome == CaseOutcome.BothRaised);
}

/// <summary>Renders llama.cpp's test templates with our engine and with llama.cpp's, and compares them byte for byte.</summary>
public static class TemplateCheck
{
    public static async Task<TemplateCheckReport> RunAsync(ChatTemplateReference reference, string folder, CancellationToken cancellationToken)
    {
        var files = Directory.GetFiles(folder, "*.jinja").OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new Bench.BenchException($"no .jinja templates in {folder}.");

        var ours = new List<(string Template, TemplateCase Case, bool Ok, string Text)>();
        foreach (var file in files)
        {
            var source = await File.ReadAllTextAsync(file, cancellationToken);
            ChatTemplate? template = null;
            string? parseError = null;
            try { template = ChatTemplate.Parse(source); }
            catch (TemplateException e) { parseError = e.Message; }
            foreach (var c in TemplateConversations.For(source.Contains("enable_thinking", StringComparison.Ordinal)))
            {
                if (template is null) { ours.Add((file, c, false, parseError!)); continue; }
                try { ours.Add((file, c, true, template.Apply(TemplateConversations.Request(c)))); }
                catch (TemplateException e) { ours.Add((file, c, false, e.Message)); }
            }
        }

        var theirs = await reference.RenderAsync(ours.Select(o => (o.Template, o.Case)).ToList(), cancellationToken);
        var cases = ours.Zip(theirs, (o, r) => Compare(Path.GetFileName(o.Template), o.Case.Name, o.Ok, o.Text, r)).ToList();
        return new TemplateCheckReport(files.Select(Path.GetFileName).ToList()!, cases);
    }

    private static CaseResult Compare(string template, string conversation, bool ok, string text, ReferenceRendering reference)
    {
        if (!ok || !reference.Ok)
        {
            var outcome = !ok && !reference.Ok ? CaseOutcome.BothRaised : ok ? CaseOutcome.OnlyReferenceRaised : CaseOutcome.OnlyOursRaised;
            return new CaseResult(template, conversation, outcome, null, text, reference.Text);
        }
        var offset = FirstDifference(Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes(reference.Text));
        return new CaseResult(template, conversation, offset is null ? CaseOutcome.Identical : CaseOutcome.Different, offset, text, reference.Text);
    }

    public static int? FirstDifference(byte[] a, byte[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++) if (a[i] != b[i]) return i;
        return a.Length == b.Length ? null : n;
    }

    /// <summary>A short, escaped piece of the text around a byte offset, for reports.</summary>
    public static string Excerpt(string text, int offset, int before = 20, int after = 40)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        int start = Math.Max(0, offset - before), end = Math.Min(bytes.Length, offset + after);
        // Whole characters only: move the ends off UTF-8 continuation bytes.
        while (start > 0 && (bytes[start] & 0xC0) == 0x80) start--;
        while (end < bytes.Length && (bytes[end] & 0xC0) == 0x80) end++;
        var piece = Encoding.UTF8.GetString(bytes, start, end - start);
        return (start > 0 ? "..." : "") + piece.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\t", "\\t") + (end < bytes.Length ? "..." : "");
    }
}
