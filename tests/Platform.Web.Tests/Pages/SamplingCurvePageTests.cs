using System.Text.Json;
using Platform.Data.Entities;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Models;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;
using Platform.Testing;
using Platform.Jobs;

namespace Platform.Web.Tests.Pages;

/// <summary>
/// Two cot+sc3 runs of one model on a two-item number suite (targets 0 and 2), with the same stored samples: item 0
/// answered 0, 5, 0 and item 1 answered 2, 9, 7. One run breaks ties by the first answer, the other counts them as no
/// majority; a third run does not vote.
/// </summary>
public sealed class VotedRunSite : IAsyncLifetime
{
    private TestDatabase? _database;

    public ThoughtboardWebFactory App { get; private set; } = null!;

    public Run First { get; private set; } = null!;
    public Run NoTies { get; private set; } = null!;
    public Run Single { get; private set; } = null!;

    public LanguageModel Model { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using (var db = _database.CreateContext())
        {
            var model = Model = SampleEntities.Model();
            var suite = SampleEntities.Suite(items: 2);
            suite.AnswerKind = "Number";
            suite.Items.ForEach(item => item.Choices = []);
            First = Voted(model, suite, VoteTieRule.First);
            NoTies = Voted(model, suite, VoteTieRule.None);
            var direct = SampleEntities.Style();
            direct.Name = "direct";
            direct.ParametersJson = "{}";
            Single = SampleEntities.Run(model, suite, direct);
            Single.State = RunState.Succeeded;
            db.AddRange(First, NoTies, Single);
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

    internal static Run Voted(LanguageModel model, BenchmarkSuite suite, VoteTieRule rule)
    {
        var style = SampleEntities.Style();
        style.Name = "cot+sc3";
        var voted = StyleTable.Create("cot+sc3", tieRule: rule);
        style.Version = voted.Version;
        style.ParametersJson = JsonSerializer.Serialize(voted.Parameters, StoredJson.Default.StyleParameters);
        var run = SampleEntities.Run(model, suite, style);
        run.State = RunState.Succeeded;
        run.ItemLimit = null;
        string[][] samples = [["<answer>0</answer>", "<answer>5</answer>", "<answer>0</answer>"], ["<answer>2</answer>", "<answer>9</answer>", "<answer>7</answer>"]];
        for (var i = 0; i < suite.Items.Count; i++)
        {
            var result = SampleEntities.Result(run, suite.Items[i]);
            var exchange = new Exchange("samples",
                new GenerateRequest([new ChatMessage(ChatRole.User, suite.Items[i].Prompt)], SamplingSettings.Greedy, 3),
                samples[i].Select(text => new Completion(text, 10, 5, false, TimeSpan.FromMilliseconds(50))).ToList());
            result.TranscriptJson = JsonSerializer.Serialize<IReadOnlyList<Exchange>>([exchange], StoredJson.Default.IReadOnlyListExchange);
            run.Results.Add(result);
        }
        // Stored aggregates make the run a cell of the model page (the curves themselves come from the samples).
        run.FinishedAt = SampleEntities.Moment.AddMinutes(1);
        foreach (var mode in new[] { ScoringMode.Strict, ScoringMode.Flexible })
        {
            run.Aggregates.Add(new RunAggregate
            {
                Run = run, Mode = mode, ItemCount = suite.Items.Count, CorrectCount = 1, Accuracy = 0.5, WilsonLow = 0.1, WilsonHigh = 0.9,
                MeanOutputTokens = 30, MeanLatencyMs = 100, ComputedAt = SampleEntities.Moment,
            });
        }
        return run;
    }
}

public sealed class SamplingCurvePageTests(VotedRunSite site) : IClassFixture<VotedRunSite>
{
    [Fact]
    public async Task A_voted_run_shows_maj_and_pass_at_every_k_under_its_tie_rule()
    {
        var client = site.App.CreateClient();

        // maj@2 under "first": item 0 (tie, win, tie) = 2/3, item 1 (three ties) = 1/3; under "none" 1/3 and 0.
        // maj@3: item 0 wins; item 1 is a three-way tie: 1/3 under "first", 0 under "none".
        // pass@2: 1 and 1 − C(2,2)/C(3,2) = 2/3.
        var first = await Html.GetAsync(client, $"/runs/{site.First.Id}");
        Assert.Contains("maj@k and pass@k (k = 1..3)", first.QuerySelector("section.sampling-curve h2")!.TextContent);
        Assert.Equal(["0.500", "0.500", "0.667"], first.Texts("section.sampling-curve td.maj").Select(Value));
        Assert.Equal(["0.500", "0.833", "1.000"], first.Texts("section.sampling-curve td.pass").Select(Value));

        var noTies = await Html.GetAsync(client, $"/runs/{site.NoTies.Id}");
        Assert.Equal(["0.500", "0.167", "0.500"], noTies.Texts("section.sampling-curve td.maj").Select(Value));
        Assert.Equal(["0.500", "0.833", "1.000"], noTies.Texts("section.sampling-curve td.pass").Select(Value));
        Assert.Contains("as no majority", noTies.QuerySelector("section.sampling-curve .note")!.TextContent);
    }

    [Fact]
    public async Task A_run_that_does_not_vote_has_no_curve()
    {
        var page = await Html.GetAsync(site.App.CreateClient(), $"/runs/{site.Single.Id}");
        Assert.NotNull(page.QuerySelector("section.settings"));
        Assert.Null(page.QuerySelector("section.sampling-curve"));
    }

    [Fact]
    public async Task The_compare_page_shows_each_voted_sides_curves_under_its_own_name()
    {
        var page = await Html.GetAsync(site.App.CreateClient(), $"/compare?a={site.First.Id}&b={site.NoTies.Id}");

        var curves = page.QuerySelectorAll("section.sampling-curve").ToList();
        Assert.Equal(2, curves.Count);
        Assert.StartsWith("A (", curves[0].QuerySelector("h2")!.TextContent);
        Assert.StartsWith("B (", curves[1].QuerySelector("h2")!.TextContent);
        Assert.Equal(["0.500", "0.500", "0.667"], curves[0].QuerySelectorAll("td.maj").Select(td => Value(td.TextContent.Trim())));
        Assert.Equal(["0.500", "0.167", "0.500"], curves[1].QuerySelectorAll("td.maj").Select(td => Value(td.TextContent.Trim())));
    }

    [Fact]
    public async Task The_model_page_shows_the_curves_of_every_voted_cell()
    {
        var page = await Html.GetAsync(site.App.CreateClient(), $"/models/{site.Model.Id}");

        var curves = page.QuerySelectorAll("section.sampling-curve").ToList();
        // Two voted cells (the two tie rules are two style rows); the run without a vote has no curve.
        Assert.Equal(2, curves.Count);
        Assert.All(curves, c => Assert.Contains(", cot+sc3: maj@k and pass@k (k = 1..3)", c.QuerySelector("h2")!.TextContent));
        // maj@k under each tie rule, as on the run pages: "none" 0.500 0.167 0.500, "first" 0.500 0.500 0.667.
        Assert.Equal(["0.500 0.167 0.500", "0.500 0.500 0.667"],
            curves.Select(c => string.Join(" ", c.QuerySelectorAll("td.maj").Select(td => Value(td.TextContent.Trim())))).Order(StringComparer.Ordinal));
    }

    private static string Value(string cell) => cell.Split(' ')[0];
}
