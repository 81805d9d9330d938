using System.Net;
using Platform.Testing;

namespace Platform.Web.Tests;

public sealed class HomePageTests
{
    [Fact]
    public async Task An_empty_database_shows_zero_counts_and_says_there_are_no_runs_yet()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new ThoughtboardWebFactory(database.ConnectionString);

        var response = await app.CreateClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<dt>Runs</dt><dd>0</dd>", html);
        Assert.Contains("No runs yet", html);
        foreach (var link in new[] { "Leaderboard", "Submit", "Admin" })
        {
            Assert.Contains($">{link}</a>", html);
        }
    }

    [Fact]
    public async Task Stored_models_suites_and_runs_are_counted()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            var model = SampleEntities.Model();
            var suite = SampleEntities.Suite();
            var style = SampleEntities.Style();
            var finished = SampleEntities.Run(model, suite, style);
            finished.State = Data.Entities.RunState.Succeeded;
            db.AddRange(finished, SampleEntities.Run(model, suite, style), SampleEntities.Model());
            await db.SaveChangesAsync();
        }
        await using var app = new ThoughtboardWebFactory(database.ConnectionString);

        var html = await app.CreateClient().GetStringAsync("/");

        Assert.Contains("<dt>Models</dt><dd>2</dd>", html);
        Assert.Contains("<dt>Suites</dt><dd>1</dd>", html);
        Assert.Contains("<dt>Runs</dt><dd>2</dd>", html);
        Assert.Contains("<dt>Finished runs</dt><dd>1</dd>", html);
        Assert.DoesNotContain("No runs yet", html);
    }

    [Fact]
    public async Task The_stylesheet_is_served_from_the_top_level_wwwroot()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new ThoughtboardWebFactory(database.ConnectionString);

        var css = await app.CreateClient().GetStringAsync("/app.css");

        Assert.Contains(".top-bar", css);
    }
}
