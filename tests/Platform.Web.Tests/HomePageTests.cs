using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;
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
    public async Task Without_a_finished_run_the_top_results_say_how_to_get_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new ThoughtboardWebFactory(database.ConnectionString);

        var html = await app.CreateClient().GetStringAsync("/");

        Assert.Contains("<h2>Top results</h2>", html);
        Assert.Contains("No finished run yet", html);
        Assert.Contains("./thoughtboard up</code> evaluates the demo model", html);
        Assert.Contains("href=\"submit\"", html);
    }

    [Fact]
    public async Task Top_results_show_the_best_style_per_model_and_suite_above_the_counts_with_the_random_weights_notice()
    {
        await using var database = await TestDatabase.CreateAsync();
        var demo = SampleEntities.Model();
        demo.RandomWeights = true;
        var real = SampleEntities.Model();
        var suite = SampleEntities.Suite();
        ThinkingStyle direct = SampleEntities.Style(), cot = SampleEntities.Style();
        (direct.Name, direct.ParametersJson) = ("direct", "{}");
        (cot.Name, cot.ParametersJson) = ("cot", "{}");
        await using (var db = database.CreateContext())
        {
            db.AddRange(
                Finished(demo, suite, direct, correct: 0, items: 5),
                Finished(real, suite, direct, correct: 2, items: 10),
                Finished(real, suite, cot, correct: 7, items: 10));
            await db.SaveChangesAsync();
        }
        await using var app = new ThoughtboardWebFactory(database.ConnectionString);

        var html = await app.CreateClient().GetStringAsync("/");

        var top = html[html.IndexOf("<h2>Top results</h2>", StringComparison.Ordinal)..html.IndexOf("class=\"counts\"", StringComparison.Ordinal)];
        var rows = top.Split("<tr>").Skip(2).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(real.Name, rows[0]);
        Assert.Matches(@"<td>\s*cot\s*</td>", rows[0]);
        Assert.Contains("70% [40%, 89%]", rows[0]);
        Assert.DoesNotContain("random weights", rows[0]);
        Assert.Contains(demo.Name, rows[1]);
        Assert.Contains("0% [0%, 43%]", rows[1]);
        Assert.Contains("random weights: scores near zero by design; register a real GGUF to compare styles", rows[1]);

        var board = await app.CreateClient().GetStringAsync("/leaderboard");
        Assert.Equal(1, CountOf(board, "random weights: scores near zero by design"));
        var modelPage = await app.CreateClient().GetStringAsync($"/models/{demo.Id}");
        Assert.Contains("random-weights-banner", modelPage);
        Assert.DoesNotContain("random weights", await app.CreateClient().GetStringAsync($"/models/{real.Id}"));
    }

    [Fact]
    public async Task Styles_with_the_same_accuracy_are_named_as_tied_with_the_first()
    {
        await using var database = await TestDatabase.CreateAsync();
        var demo = SampleEntities.Model();
        var suite = SampleEntities.Suite();
        ThinkingStyle direct = SampleEntities.Style(), cot = SampleEntities.Style(), cod = SampleEntities.Style();
        (direct.Name, direct.ParametersJson) = ("direct", "{}");
        (cot.Name, cot.ParametersJson) = ("cot", "{}");
        (cod.Name, cod.ParametersJson) = ("cod", "{}");
        await using (var db = database.CreateContext())
        {
            db.AddRange(
                Finished(demo, suite, direct, correct: 0, items: 5),
                Finished(demo, suite, cot, correct: 0, items: 5),
                Finished(demo, suite, cod, correct: 1, items: 5));
            await db.SaveChangesAsync();
        }
        await using var app = new ThoughtboardWebFactory(database.ConnectionString);
        var html = await app.CreateClient().GetStringAsync("/");
        Assert.DoesNotContain("tied with", html);

        var zero = Platform.Evaluation.Metrics.Statistics.WilsonInterval(0, 5);
        await using (var db = database.CreateContext())
        {
            await db.RunAggregates.Where(a => a.Run.Style.Name == "cod").ExecuteUpdateAsync(set => set
                .SetProperty(a => a.CorrectCount, 0).SetProperty(a => a.Accuracy, 0.0)
                .SetProperty(a => a.WilsonLow, zero.Lower).SetProperty(a => a.WilsonHigh, zero.Upper));
        }
        html = await app.CreateClient().GetStringAsync("/");

        var top = html[html.IndexOf("<h2>Top results</h2>", StringComparison.Ordinal)..html.IndexOf("class=\"counts\"", StringComparison.Ordinal)];
        var rows = top.Split("<tr>").Skip(2).ToList();
        Assert.Single(rows);
        var tied = System.Text.RegularExpressions.Regex.Match(rows[0], @"\(tied with ([^)]*)\)");
        Assert.True(tied.Success, rows[0]);
        Assert.Equal(2, tied.Groups[1].Value.Split(", ").Length);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;

    private static Run Finished(LanguageModel model, BenchmarkSuite suite, ThinkingStyle style, int correct, int items)
    {
        var run = SampleEntities.Run(model, suite, style);
        run.State = RunState.Succeeded;
        run.FinishedAt = SampleEntities.Moment.AddMinutes(1);
        var interval = Platform.Evaluation.Metrics.Statistics.WilsonInterval(correct, items);
        foreach (var mode in new[] { ScoringMode.Strict, ScoringMode.Flexible })
        {
            run.Aggregates.Add(new RunAggregate
            {
                Mode = mode, ItemCount = items, CorrectCount = correct, Accuracy = (double)correct / items,
                WilsonLow = interval.Lower, WilsonHigh = interval.Upper, MeanOutputTokens = 20, MeanLatencyMs = 5,
                ComputedAt = SampleEntities.Moment,
            });
        }
        return run;
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
