using Platform.Data.Entities;
using Platform.Evaluation.Metrics;
using Platform.Testing;

namespace Platform.Web.Tests.Pages;

/// <summary>
/// The compare page beside a style run in several wordings: the form compares the style's own wording, each side shows
/// its accuracy across wordings, and a difference within that spread is called out.
/// </summary>
public sealed class ComparePageWordingTests : IAsyncLifetime
{
    private TestDatabase? _database;
    private ThoughtboardWebFactory? _app;
    private LanguageModel _model = null!;
    private BenchmarkSuite _suite = null!;
    private Run _cotOwn = null!;
    private Run _cotSecond = null!;
    private Run _direct = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using (var db = _database.CreateContext())
        {
            _model = SampleEntities.Model();
            _suite = SampleEntities.Suite(items: 10);
            var cot = Style("cot");
            var direct = Style("direct");
            // cot in its own wording 50%, its paraphrases 80% and 60% (the second finished last); direct 60%.
            _cotOwn = Finished(cot, paraphrase: 0, correct: 5, minute: 1);
            _cotSecond = Finished(cot, paraphrase: 1, correct: 8, minute: 2);
            var cotThird = Finished(cot, paraphrase: 2, correct: 6, minute: 3);
            _direct = Finished(direct, paraphrase: 0, correct: 6, minute: 1);
            db.AddRange(_cotOwn, _cotSecond, cotThird, _direct);
            await db.SaveChangesAsync();
        }
        _app = new ThoughtboardWebFactory(_database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_form_compares_the_styles_own_wording_and_shows_each_sides_spread_across_wordings()
    {
        var page = await Html.GetAsync(_app!.CreateClient(), $"/compare?model={_model.Id}&style=cot&styleB=direct&suite={_suite.Id}");

        var runLinks = page.QuerySelectorAll("section table.data").First().QuerySelectorAll("a[href^='runs/']").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"runs/{_cotOwn.Id}", $"runs/{_direct.Id}"], runLinks);
        var spreads = page.QuerySelectorAll("td.wording-spread").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(2, spreads.Count);
        Assert.Contains("3 wordings: mean 63%, range 50%–80%", spreads[0]);
        Assert.Equal("one wording", spreads[1]);
        // 50% against 60%: ten points, inside cot's thirty-point range across its wordings.
        var note = page.QuerySelector(".wording-note")!.TextContent;
        Assert.Contains("(10.0 pts)", note);
        Assert.Contains("A's style", note);
        Assert.Contains("B spent 1.00× the mean output tokens of A, within 10%: an equal-compute comparison", page.QuerySelector(".compute-line")!.TextContent);
    }

    [Fact]
    public async Task A_paraphrase_run_compared_by_id_is_named_with_its_wording_and_the_spread_counts_it_for_its_own()
    {
        var page = await Html.GetAsync(_app!.CreateClient(), $"/compare?a={_cotSecond.Id}&b={_direct.Id}");

        var styleCells = page.QuerySelectorAll("section table.data").First().QuerySelectorAll("tbody tr td:nth-child(4)").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["cot (wording 1)", "direct"], styleCells);
        Assert.Contains("3 wordings: mean 63%, range 50%–80%", page.QuerySelector("td.wording-spread")!.TextContent);
        // 80% against 60%: twenty points, still inside the thirty-point range.
        Assert.Contains("(20.0 pts)", page.QuerySelector(".wording-note")!.TextContent);
    }

    private static ThinkingStyle Style(string name)
    {
        var style = SampleEntities.Style();
        style.Name = name;
        style.ParametersJson = "{}";
        return style;
    }

    /// <summary>A finished run whose first <paramref name="correct"/> items are right, in both modes, with its aggregates.</summary>
    private Run Finished(ThinkingStyle style, int paraphrase, int correct, int minute)
    {
        var run = SampleEntities.Run(_model, _suite, style);
        run.State = RunState.Succeeded;
        run.Paraphrase = paraphrase;
        run.ItemsTotal = run.ItemsDone = _suite.Items.Count;
        run.FinishedAt = SampleEntities.Moment.AddMinutes(minute);
        for (var i = 0; i < _suite.Items.Count; i++)
        {
            var result = SampleEntities.Result(run, _suite.Items[i]);
            result.VerdictStrict = result.VerdictFlexible = i < correct ? Verdict.Correct : Verdict.Incorrect;
            run.Results.Add(result);
        }
        foreach (var mode in new[] { ScoringMode.Strict, ScoringMode.Flexible })
        {
            var interval = Statistics.WilsonInterval(correct, _suite.Items.Count);
            run.Aggregates.Add(new RunAggregate
            {
                Run = run, Mode = mode, ItemCount = _suite.Items.Count, CorrectCount = correct,
                Accuracy = (double)correct / _suite.Items.Count, WilsonLow = interval.Lower, WilsonHigh = interval.Upper,
                MeanOutputTokens = 100, MeanLatencyMs = 100, ComputedAt = SampleEntities.Moment,
            });
        }
        return run;
    }
}
