using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Testing;
using Platform.Web.Tests.Auth;

namespace Platform.Web.Tests.Api;

/// <summary>Template keyword arguments in a submission's settings: checked, stored, and part of its identity.</summary>
public sealed class TemplateArgsSubmissionTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private static StringContent Request(string model, string templateArgs) => new($$$"""
        {"model": "{{{model}}}", "suites": ["arithmetic"], "styles": ["direct"], "limit": 2, "seed": 3,
         "settings": {"temperature": 0, "templateArgs": {{{templateArgs}}} }}
        """, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("""{"enable thinking": false}""", "is not a name")]
    [InlineData("""{"1st": true}""", "is not a name")]
    [InlineData("""{"messages": "hijack"}""", "set by the chat layer")]
    [InlineData("""{"nested": {"a": 1}}""", "must be a boolean, a number or a string, not object")]
    [InlineData("""{"list": [1, 2]}""", "not array")]
    [InlineData("""{"nothing": null}""", "not null")]
    [InlineData("""{"a0": 0, "a1": 1, "a2": 2, "a3": 3, "a4": 4, "a5": 5, "a6": 6, "a7": 7, "a8": 8, "a9": 9, "b0": 0, "b1": 1, "b2": 2, "b3": 3, "b4": 4, "b5": 5, "b6": 6}""", "at most 16")]
    public async Task Hostile_template_arguments_get_a_400_naming_the_problem_and_store_nothing(string templateArgs, string message)
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var before = await app.CountRowsAsync();

        var problem = await AuthTests.AssertProblemAsync(await client.PostAsync("/api/submissions", Request(model.Name, templateArgs)), HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors").GetProperty("settings.templateArgs");
        Assert.Contains(message, errors[0].GetString());
        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Fact]
    public async Task A_long_string_argument_is_refused()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();

        var problem = await AuthTests.AssertProblemAsync(
            await client.PostAsync("/api/submissions", Request(model.Name, $$"""{"note": "{{new string('x', 257)}}"}""")), HttpStatusCode.BadRequest);

        Assert.Contains("more than 256 characters", problem.GetProperty("errors").GetProperty("settings.templateArgs")[0].GetString());
    }

    [Fact]
    public async Task Arguments_are_stored_with_the_settings_and_make_a_different_experiment_whatever_their_order()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();

        var plain = await (await client.PostAsync("/api/submissions", Request(model.Name, "{}"))).Content.ReadFromJsonAsync<JsonElement>();
        var response = await client.PostAsync("/api/submissions", Request(model.Name, """{"enable_thinking": false, "effort": "low"}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var thinkingOff = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(plain.GetProperty("id").GetInt64(), thinkingOff.GetProperty("id").GetInt64());

        // The same arguments in another order are the same experiment.
        var again = await client.PostAsync("/api/submissions", Request(model.Name, """{"effort": "low", "enable_thinking": false}"""));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(thinkingOff.GetProperty("id").GetInt64(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicateOf").GetInt64());

        long plainRun = plain.GetProperty("runs")[0].GetProperty("id").GetInt64();
        long offRun = thinkingOff.GetProperty("runs")[0].GetProperty("id").GetInt64();
        await using (var db = app.Db())
        {
            var runs = await db.Runs.Where(r => r.Id == plainRun || r.Id == offRun).ToDictionaryAsync(r => r.Id);
            Assert.NotEqual(runs[plainRun].ConfigHash, runs[offRun].ConfigHash);
            Assert.DoesNotContain("templateArgs", runs[plainRun].DecodingSettingsJson);
            using var settings = JsonDocument.Parse(runs[offRun].DecodingSettingsJson);
            var stored = settings.RootElement.GetProperty("templateArgs");
            Assert.Equal(["effort", "enable_thinking"], stored.EnumerateObject().Select(p => p.Name));
            Assert.False(stored.GetProperty("enable_thinking").GetBoolean());
        }

        var read = (await client.GetFromJsonAsync<JsonElement>($"/api/runs/{offRun}")).GetProperty("chatTemplate").GetProperty("templateArgs");
        Assert.Equal("low", read.GetProperty("effort").GetString());
        Assert.False(read.GetProperty("enable_thinking").GetBoolean());
    }
}
