using Platform.Data.Entities;
using Platform.Testing;
using Platform.Web.Tests.Auth;

namespace Platform.Web.Tests.Pages;

/// <summary>A run page names the other finished runs of the same experiment (the same identity), and no other run.</summary>
public sealed class SameExperimentTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    [Fact]
    public async Task A_run_page_links_the_succeeded_repeats_of_its_experiment_only()
    {
        await using var app = new SecuredApp(database.Database);
        var identity = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        Run first, repeat, failedRepeat, other;
        await using (var db = app.Db())
        {
            var model = SampleEntities.Model();
            var suite = SampleEntities.Suite();
            var style = SampleEntities.Style();
            Run Make(string hash, RunState state)
            {
                var run = SampleEntities.Run(model, suite, style);
                run.ConfigHash = hash;
                run.State = state;
                return run;
            }
            first = Make(identity, RunState.Succeeded);
            repeat = Make(identity, RunState.Succeeded);
            failedRepeat = Make(identity, RunState.Failed);
            other = Make(Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"), RunState.Succeeded);
            db.Runs.AddRange(first, repeat, failedRepeat, other);
            await db.SaveChangesAsync();
        }

        var page = await Html.GetAsync(app.Client(), $"/runs/{first.Id}");
        var lonely = await Html.GetAsync(app.Client(), $"/runs/{other.Id}");

        var links = page.QuerySelectorAll(".same-experiment a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"runs/{repeat.Id}"], links);
        Assert.Null(lonely.QuerySelector(".same-experiment"));
    }
}
