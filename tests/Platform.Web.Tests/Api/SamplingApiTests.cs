using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Evaluation.Metrics;
using Platform.Testing;
using Platform.Web.Tests.Pages;

namespace Platform.Web.Tests.Api;

public sealed class SamplingApiTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    [Fact]
    public async Task The_api_gives_the_curves_of_a_voted_run_and_404_for_others()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        long voted;
        await using (var db = app.Db())
        {
            var suite = SampleEntities.Suite(items: 2);
            suite.Items.ForEach(item => item.Choices = []);
            var run = VotedRunSite.Voted(db.Models.Single(m => m.Id == model.Id), suite, VoteTieRule.None);
            db.Add(run);
            await db.SaveChangesAsync();
            voted = run.Id;
        }

        var body = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{voted}/sampling");
        Assert.Equal((3, "none", 2), (body.GetProperty("samples").GetInt32(), body.GetProperty("tieRule").GetString(), body.GetProperty("items").GetInt32()));
        // The same numbers as the run page: maj@k 0.5, 1/6, 0.5 and pass@k 0.5, 5/6, 1 under "none".
        Assert.Equal([0.5, 1.0 / 6, 0.5], body.GetProperty("majorityAtK").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()), new RoundedComparer());
        Assert.Equal([0.5, 5.0 / 6, 1.0], body.GetProperty("passAtK").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()), new RoundedComparer());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/runs/987654321/sampling")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync($"/api/runs/{voted}/sampling")).StatusCode);
    }

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double value) => 0;
    }
}
