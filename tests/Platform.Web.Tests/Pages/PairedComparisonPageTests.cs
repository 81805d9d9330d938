using Platform.Data.Entities;
using Platform.Evaluation.Metrics;
using Platform.Testing;

namespace Platform.Web.Tests.Pages;

/// <summary>
/// One model with three styles on one twelve-item suite: aot right on every item, cot on the first six, cod on the
/// first two. Three paired tests are shown together, and one raw p-value below 5% does not survive Holm. Mean
/// output tokens: cod 50, cot 54, aot 80.
/// </summary>
public sealed class ThreeStyleSite : IAsyncLifetime
{
    private TestDatabase? _database;

    public ThoughtboardWebFactory App { get; private set; } = null!;

    public LanguageModel Model { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using (var db = _database.CreateContext())
        {
            Model = SampleEntities.Model();
            var suite = SampleEntities.Suite(items: 12);
            db.AddRange(Finished(suite, "aot", 12, tokens: 80), Finished(suite, "cod", 2, tokens: 50), Finished(suite, "cot", 6, tokens: 54));
            await db.SaveChangesAsync();
        }
        App = new ThoughtboardWebFactory(_database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private Run Finished(BenchmarkSuite suite, string styleName, int correctFirst, int tokens)
    {
        var style = SampleEntities.Style();
        style.Name = styleName;
        var run = SampleEntities.Run(Model, suite, style);
        run.State = RunState.Succeeded;
        run.ItemsTotal = run.ItemsDone = suite.Items.Count;
        run.FinishedAt = SampleEntities.Moment.AddMinutes(1);
        for (var i = 0; i < suite.Items.Count; i++)
        {
            var result = SampleEntities.Result(run, suite.Items[i]);
            result.VerdictStrict = result.VerdictFlexible = i < correctFirst ? Verdict.Correct : Verdict.Incorrect;
            result.Error = null;
            run.Results.Add(result);
        }
        var interval = Statistics.WilsonInterval(correctFirst, suite.Items.Count);
        foreach (var mode in new[] { ScoringMode.Strict, ScoringMode.Flexible })
        {
            run.Aggregates.Add(new RunAggregate
            {
                Run = run, Mode = mode, ItemCount = suite.Items.Count, CorrectCount = correctFirst,
                Accuracy = correctFirst / 12.0, WilsonLow = interval.Lower, WilsonHigh = interval.Upper,
                MeanOutputTokens = tokens, MeanLatencyMs = 100, ComputedAt = SampleEntities.Moment,
            });
        }
        return run;
    }
}

public sealed class PairedComparisonPageTests(ThreeStyleSite site) : IClassFixture<ThreeStyleSite>
{
    [Fact]
    public async Task A_better_than_mark_below_five_percent_alone_disappears_after_holm_correction()
    {
        var page = await Html.GetAsync(site.App.CreateClient(), $"/models/{site.Model.Id}");

        Assert.Contains("p-values adjusted for 3 comparisons (Holm)", page.QuerySelector(".holm-note")!.TextContent);
        var rows = page.QuerySelectorAll("section.paired-comparisons tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList())
            .ToList();
        Assert.Equal([["aot", "cod"], ["aot", "cot"], ["cod", "cot"]], rows.Select(r => r.Skip(1).Take(2).ToList()));
        // aot vs cod: 10 discordant, all aot: p = 2/2^10, times 3.
        Assert.Equal(["0.002", "0.0059", "aot better than cod"], rows[0].Skip(5).Take(3));
        // aot vs cot: 6 discordant, all aot: p = 2/2^6 = 0.0313 would be marked alone; Holm doubles it to 0.0625.
        Assert.Equal(["0.0313", "0.0625", "no difference after correction (p < 0.05 alone)"], rows[1].Skip(5).Take(3));
        Assert.Equal(["0.125", "0.125", "no significant difference"], rows[2].Skip(5).Take(3));
        Assert.DoesNotContain(rows, r => r[7] == "aot better than cot");
    }

    [Fact]
    public async Task Styles_are_listed_by_token_spend_and_pairs_within_ten_percent_are_equal_compute()
    {
        var page = await Html.GetAsync(site.App.CreateClient(), $"/models/{site.Model.Id}");

        var ladder = page.QuerySelector("section.equal-compute article.spend-ladder")!;
        Assert.Equal(["cod", "cot", "aot"], ladder.QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("td")!.TextContent.Trim()));
        // 54/50 = 1.08 is within 10%; 80/54 and 80/50 are not.
        Assert.Equal(["equal compute: cod and cot (1.08× the tokens)"], ladder.QuerySelectorAll(".equal-pairs li").Select(li => li.TextContent.Trim()));
    }
}
