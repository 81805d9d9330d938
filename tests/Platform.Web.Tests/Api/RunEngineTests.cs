using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Testing;

namespace Platform.Web.Tests.Api;

/// <summary>The run API says which engine and native build produced a run, as the worker stored them.</summary>
public sealed class RunEngineTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    [Fact]
    public async Task A_run_shows_its_engine_and_native_build_once_the_worker_stored_them()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var request = new { model = model.Name, suites = new[] { "arithmetic" }, styles = new[] { "direct" }, settings = new { temperature = 0 }, limit = 3, seed = 5 };
        var created = await (await client.PostAsJsonAsync("/api/submissions", request)).Content.ReadFromJsonAsync<JsonElement>();
        long runId = created.GetProperty("runs")[0].GetProperty("id").GetInt64();

        var before = (await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}")).GetProperty("engine");
        Assert.Equal(JsonValueKind.Null, before.GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("build").ValueKind);

        const string build = "LLamaSharp 0.30.0 (llama.cpp c0c7e147), runtimes/linux-x64/native/avx512";
        await using (var db = app.Db())
            await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Engine, "llamasharp")
                .SetProperty(r => r.EngineBuild, build));

        var after = (await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}")).GetProperty("engine");
        Assert.Equal("llamasharp", after.GetProperty("name").GetString());
        Assert.Equal(build, after.GetProperty("build").GetString());
    }
}
