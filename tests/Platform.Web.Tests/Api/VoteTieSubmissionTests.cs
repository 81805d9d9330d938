using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Testing;
using Platform.Web.Tests.Auth;

namespace Platform.Web.Tests.Api;

public sealed class VoteTieSubmissionTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private static object Request(string model, long seed, string? voteTies, string[] styles, int? samples = 3) => new
    {
        model,
        suites = new[] { "arithmetic" },
        styles,
        samples,
        limit = 2,
        seed,
        voteTies,
    };

    [Fact]
    public async Task A_submission_that_counts_ties_as_no_majority_stores_a_style_of_its_own()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();

        var first = await client.PostAsJsonAsync("/api/submissions", Request(model.Name, 61, null, ["cot"]));
        var none = await client.PostAsJsonAsync("/api/submissions", Request(model.Name, 61, "none", ["cot"]));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, none.StatusCode));
        var noneBody = await none.Content.ReadFromJsonAsync<JsonElement>();
        // Same request but the rule: not a duplicate of the first.
        Assert.Equal(JsonValueKind.Null, noneBody.GetProperty("duplicateOf").ValueKind);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var noneId = noneBody.GetProperty("id").GetInt64();
        await using var db = app.Db();
        var firstStyle = await db.Runs.Where(r => r.SubmissionId == firstId).Select(r => r.Style).SingleAsync();
        var noneStyle = await db.Runs.Where(r => r.SubmissionId == noneId).Select(r => r.Style).SingleAsync();
        Assert.Equal(("cot+sc3", "cot+sc3"), (firstStyle.Name, noneStyle.Name));
        // The run carries the label itself, and the submission's answer names its styles by it.
        Assert.Equal("cot+sc3", await db.Runs.Where(r => r.SubmissionId == noneId).Select(r => r.StyleLabel).SingleAsync());
        var stored = await client.GetFromJsonAsync<JsonElement>($"/api/submissions/{noneId}");
        Assert.Equal(["cot+sc3"], stored.GetProperty("styles").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("cot+sc3", stored.GetProperty("runs")[0].GetProperty("style").GetString());
        Assert.Equal(("1+sc1", "1+sc1-ties-none"), (firstStyle.Version, noneStyle.Version));
        Assert.DoesNotContain("tieRule", firstStyle.ParametersJson);
        Assert.Contains("\"tieRule\": \"None\"", noneStyle.ParametersJson.Replace("\":\"", "\": \""));
    }

    [Fact]
    public async Task An_unknown_tie_rule_or_one_without_a_vote_is_refused_and_nothing_is_stored()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var before = await app.CountRowsAsync();

        foreach (var body in new[] { Request(model.Name, 62, "coin-flip", ["cot"]), Request(model.Name, 62, "none", ["cot"], samples: null) })
        {
            var problem = await AuthTests.AssertProblemAsync(await client.PostAsJsonAsync("/api/submissions", body), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("voteTies", out _), problem.ToString());
        }
        Assert.Equal(before, await app.CountRowsAsync());
    }
}
