using Platform.Cli.Templates;

namespace Platform.Cli.Tests.Templates;

/// <summary>
/// Our Jinja engine against llama.cpp's own (common_chat_templates_apply through scripts/reference/chat-template-ref.cpp,
/// built against the cached reference build) on the 70 templates of llama.cpp's test suite.
/// </summary>
public class TemplateCheckTests
{
    // Templates allowed to differ, each with the reason. Empty: every template renders identically on every case.
    private static readonly Dictionary<string, string> KnownDifferences = [];

    private static Task<ChatTemplateReference> Reference() =>
        ChatTemplateReference.EnsureBuiltAsync(RepositoryRoot.Find() ?? throw new InvalidOperationException("no checkout"), CancellationToken.None);

    [Fact]
    public async Task Every_llama_cpp_test_template_renders_byte_for_byte_as_llama_cpp_does()
    {
        var report = await TemplateCheck.RunAsync(await Reference(), ChatTemplateReference.TemplatesFolder(), CancellationToken.None);

        Assert.Equal(70, report.Templates.Count);
        Assert.True(report.Cases.Count >= 70 * 6, $"only {report.Cases.Count} cases");
        var unexpected = report.Failures
            .Where(f => !KnownDifferences.ContainsKey(f.Template))
            .Select(f => $"{f.Template} [{f.Conversation}] {f.Outcome} at {f.Offset}: ours '{Excerpt(f.Ours, f.Offset)}' llama.cpp '{Excerpt(f.Reference, f.Offset)}'")
            .ToList();
        Assert.Empty(unexpected);
        Assert.Equal(70, report.IdenticalTemplates + KnownDifferences.Count);
    }

    [Fact]
    public async Task Both_sides_see_the_same_fixed_date_and_a_difference_or_one_sided_error_is_reported()
    {
        var folder = Directory.CreateTempSubdirectory("tb-templates-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "date.jinja"), "{{ strftime_now('%Y-%m-%d') }}|{{ date_string }}|{{ messages[0].content }}");
            File.WriteAllText(Path.Combine(folder, "raises.jinja"), "{{ raise_exception('no') }}");
            // llama.cpp's engine has no `loop.cycle`; calling undefined is an error on both sides.
            File.WriteAllText(Path.Combine(folder, "cycle.jinja"), "{% for m in messages %}{{ loop.cycle('a', 'b') }}{% endfor %}");

            var report = await TemplateCheck.RunAsync(await Reference(), folder, CancellationToken.None);

            var date = report.Cases.Where(c => c.Template == "date.jinja").ToList();
            Assert.All(date, c => Assert.Equal(CaseOutcome.Identical, c.Outcome));
            Assert.All(date, c => Assert.StartsWith("2026-03-05|05 Mar 2026|", c.Reference));
            Assert.All(report.Cases.Where(c => c.Template != "date.jinja"), c => Assert.Equal(CaseOutcome.BothRaised, c.Outcome));
            Assert.Equal(3, report.IdenticalTemplates);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_first_difference_is_a_utf8_byte_offset()
    {
        Assert.Null(TemplateCheck.FirstDifference("abc"u8.ToArray(), "abc"u8.ToArray()));
        Assert.Equal(2, TemplateCheck.FirstDifference("é"u8.ToArray().Concat("x"u8.ToArray()).ToArray(), "éy"u8.ToArray()));
        Assert.Equal(3, TemplateCheck.FirstDifference("abc"u8.ToArray(), "abcd"u8.ToArray()));
        Assert.Equal("...bc\\nd", TemplateCheck.Excerpt("abc\nd", 3, before: 2));
    }

    private static string Excerpt(string text, int? offset) => offset is int o ? TemplateCheck.Excerpt(text, o) : text.Split('\n')[0];
}
