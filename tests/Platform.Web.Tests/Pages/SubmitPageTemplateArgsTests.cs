using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Platform.Web.Tests.Pages;

/// <summary>The submit page's chat template arguments go through the same rules as the API's.</summary>
public sealed class SubmitPageTemplateArgsTests(SeededSite site) : IClassFixture<SeededSite>
{
    [Fact]
    public async Task Template_arguments_typed_on_the_page_are_stored_with_the_run_s_settings()
    {
        var client = await site.SignedInClientAsync(SeededSite.MemberName);
        await using var db = site.Database.CreateContext();

        var response = await Forms.PostAsync(client, $"/submit?model={site.Alpha.Id}", "form.submit-form", new()
        {
            ["suite"] = "arithmetic",
            ["style"] = "direct",
            ["limit"] = "2",
            ["seed"] = "77",
            ["templateArgs"] = "enable_thinking=false effort=low",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.AbsolutePath;
        var id = long.Parse(location[(location.LastIndexOf('/') + 1)..]);
        var run = await db.Runs.SingleAsync(r => r.SubmissionId == id);
        using var settings = JsonDocument.Parse(run.DecodingSettingsJson);
        var stored = settings.RootElement.GetProperty("templateArgs");
        Assert.False(stored.GetProperty("enable_thinking").GetBoolean());
        Assert.Equal("low", stored.GetProperty("effort").GetString());
    }

    [Theory]
    [InlineData("enable_thinking", "is NAME=VALUE")]
    [InlineData("messages=x", "set by the chat layer")]
    public async Task Bad_template_arguments_are_refused_with_the_reason_and_the_form_kept(string typed, string message)
    {
        var client = await site.SignedInClientAsync(SeededSite.MemberName);
        await using var db = site.Database.CreateContext();
        var before = await db.Submissions.CountAsync();

        var response = await Forms.PostAsync(client, $"/submit?model={site.Alpha.Id}", "form.submit-form", new()
        {
            ["suite"] = "arithmetic",
            ["style"] = "direct",
            ["templateArgs"] = typed,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, page.QuerySelector(".error-note")!.TextContent);
        Assert.Equal(typed, page.QuerySelector("input[name=templateArgs]")!.GetAttribute("value"));
        Assert.Equal(before, await db.Submissions.CountAsync());
    }
}
