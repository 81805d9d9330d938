using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;
using Platform.Testing;

namespace Platform.Web.Tests.Api;

/// <summary>The run API shows how a run's prompts were formatted, as the worker stored it.</summary>
public sealed class RunChatTemplateTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private static object Request(string model, object settings) => new
    {
        model, suites = new[] { "arithmetic" }, styles = new[] { "direct" }, settings, limit = 3, seed = 5,
    };

    [Fact]
    public async Task A_run_shows_its_chat_template_path_fallback_count_hash_and_prompt_date()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var created = await (await client.PostAsJsonAsync("/api/submissions", Request(model.Name, new { temperature = 0 }))).Content.ReadFromJsonAsync<JsonElement>();
        long runId = created.GetProperty("runs")[0].GetProperty("id").GetInt64();

        var before = (await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}")).GetProperty("chatTemplate");
        Assert.Equal(JsonValueKind.Null, before.GetProperty("path").ValueKind);
        Assert.Equal(0, before.GetProperty("fallbackItems").GetInt32());

        string hash = new('a', 64);
        await using (var db = app.Db())
            await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(set => set
                .SetProperty(r => r.ChatTemplatePath, ChatTemplatePath.Builtin)
                .SetProperty(r => r.ChatTemplateFallbackItems, 2)
                .SetProperty(r => r.ChatTemplateSha256, hash)
                .SetProperty(r => r.PromptDate, new DateOnly(2026, 12, 1)));

        var after = (await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}")).GetProperty("chatTemplate");
        Assert.Equal("builtin", after.GetProperty("path").GetString());
        Assert.Equal(2, after.GetProperty("fallbackItems").GetInt32());
        Assert.Equal(hash, after.GetProperty("templateSha256").GetString());
        Assert.Equal("2026-12-01", after.GetProperty("promptDate").GetString());
    }
}
