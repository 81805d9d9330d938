using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;
using Platform.Testing;
using Platform.Web.Tests.Auth;

namespace Platform.Web.Tests.Api;

public sealed class ParaphraseSubmissionTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private static object Request(string model, long seed, string[] styles, int? paraphrases) => new
    {
        model,
        suites = new[] { "arithmetic" },
        styles,
        limit = 2,
        seed,
        paraphrases,
    };

    [Fact]
    public async Task Each_paraphrase_is_a_run_of_its_own_and_the_board_shows_their_spread()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();

        // The first submission stores the style row and the second finds it: the identity is the same either way.
        var plain = await client.PostAsJsonAsync("/api/submissions", Request(model.Name, 71, ["cot"], null));
        var three = await client.PostAsJsonAsync("/api/submissions", Request(model.Name, 71, ["cot"], 3));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (plain.StatusCode, three.StatusCode));
        var plainId = (await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var threeId = (await three.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await using var db = app.Db();
        var runs = await db.Runs.Where(r => r.SubmissionId == threeId).OrderBy(r => r.Paraphrase).ToListAsync();
        Assert.Equal([0, 1, 2], runs.Select(r => r.Paraphrase));
        Assert.Equal(3, runs.Select(r => r.ConfigHash).Distinct().Count());
        Assert.All(runs, r => Assert.Equal("cot", r.StyleLabel));
        Assert.Contains("\"paraphrase\":2", runs[2].DecodingSettingsJson.Replace(" ", ""));
        Assert.DoesNotContain("paraphrase", runs[0].DecodingSettingsJson);
        // The style's own wording is the same experiment as a submission that asked for no paraphrases.
        var plainRun = await db.Runs.SingleAsync(r => r.SubmissionId == plainId);
        Assert.Equal(plainRun.ConfigHash, runs[0].ConfigHash);

        // Finish the three runs with stored aggregates: 50%, 70% and 60% strict accuracy.
        double[] accuracies = [0.5, 0.7, 0.6];
        for (var i = 0; i < runs.Count; i++)
        {
            runs[i].State = RunState.Succeeded;
            runs[i].FinishedAt = SampleEntities.Moment.AddMinutes(i);
            foreach (var mode in new[] { ScoringMode.Strict, ScoringMode.Flexible })
            {
                db.RunAggregates.Add(new RunAggregate
                {
                    RunId = runs[i].Id, Mode = mode, ItemCount = 10, CorrectCount = (int)(accuracies[i] * 10), Accuracy = accuracies[i],
                    WilsonLow = accuracies[i] - 0.2, WilsonHigh = accuracies[i] + 0.2, MeanOutputTokens = 100, ComputedAt = SampleEntities.Moment,
                });
            }
        }
        await db.SaveChangesAsync();

        var board = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/leaderboard?q={Uri.EscapeDataString(model.Name)}");
        var row = Assert.Single(board.GetProperty("rows").EnumerateArray());
        Assert.Equal(runs[0].Id, row.GetProperty("runId").GetInt64());
        Assert.Equal(0.5, row.GetProperty("accuracy").GetDouble());
        var spread = row.GetProperty("paraphrases");
        Assert.Equal(3, spread.GetProperty("count").GetInt32());
        Assert.Equal(0.6, spread.GetProperty("mean").GetDouble(), 9);
        Assert.Equal((0.5, 0.7), (spread.GetProperty("min").GetDouble(), spread.GetProperty("max").GetDouble()));
        Assert.Equal(0.1, spread.GetProperty("standardDeviation").GetDouble(), 9);

        var page = await app.CreateClient().GetStringAsync($"/leaderboard?q={Uri.EscapeDataString(model.Name)}");
        Assert.Contains("3 wordings: mean 60%, range 50%–70%", page);
        var modelPage = await app.CreateClient().GetStringAsync($"/models/{model.Id}");
        Assert.Contains("Prompt sensitivity", modelPage);
        Assert.Contains("10.0 pts", modelPage);
    }

    [Theory]
    [InlineData("cot", 4, "has 3 wordings; ask for at most 3")]
    [InlineData("stylebench-sot", 4, "has 3 wordings; ask for at most 3")]
    [InlineData("direct", 0, "at least 1")]
    public async Task More_paraphrases_than_the_style_has_are_refused_and_nothing_is_stored(string style, int paraphrases, string message)
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var before = await app.CountRowsAsync();

        var problem = await AuthTests.AssertProblemAsync(
            await client.PostAsJsonAsync("/api/submissions", Request(model.Name, 72, [style], paraphrases)), HttpStatusCode.BadRequest);

        Assert.Contains(message, problem.GetProperty("errors").GetProperty("paraphrases")[0].GetString());
        Assert.Equal(before, await app.CountRowsAsync());
    }
}
