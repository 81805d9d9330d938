using Bunit;
using Platform.Data.Entities;
using Platform.Web.Components.Shared;

namespace Platform.Web.Tests.Pages;

public sealed class RunChatTemplateFactsTests : BunitContext
{
    private static Run Run(ChatTemplatePath? path, int fallbackItems, string? hash, DateOnly? date) => new()
    {
        ConfigHash = "x", ChatTemplatePath = path, ChatTemplateFallbackItems = fallbackItems, ChatTemplateSha256 = hash, PromptDate = date,
    };

    private string[] Facts(Run run) =>
        Render<RunChatTemplateFacts>(p => p.Add(c => c.Run, run)).FindAll("dd").Select(d => d.TextContent.Trim()).ToArray();

    [Fact]
    public void A_run_that_fell_back_says_how_many_items_and_shows_hash_and_date()
    {
        var facts = Facts(Run(ChatTemplatePath.Fallback, 3, "ab12", new DateOnly(2026, 12, 1)));

        Assert.StartsWith("fallback: 3 items formatted as ChatML", facts[0]);
        Assert.Equal("ab12", facts[1]);
        Assert.Equal("none", facts[2]);
        Assert.Equal("2026-12-01", facts[3]);
    }

    [Fact]
    public void A_model_without_a_template_and_a_run_not_started_are_told_apart()
    {
        Assert.Equal("the model file has none", Facts(Run(ChatTemplatePath.Fallback, 1, null, new DateOnly(2026, 12, 1)))[1]);
        var queued = Facts(Run(null, 0, null, null));
        Assert.Equal(["not known yet", "not known yet", "none", "not known yet"], queued);
    }

    [Fact]
    public void The_template_arguments_of_the_settings_are_shown()
    {
        var run = Run(ChatTemplatePath.Jinja, 0, "ab12", new DateOnly(2026, 12, 1));
        run.DecodingSettingsJson = """{"temperature": 0, "templateArgs": {"enable_thinking": false, "style": "brief"}}""";

        Assert.Equal("enable_thinking=false, style=\"brief\"", Facts(run)[2]);
    }
}
