using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Data.Entities;
using Platform.Testing;
using Platform.Web.Tests.Auth;

namespace Platform.Web.Tests.Api;

public sealed class LeaderboardApiTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>, IAsyncLifetime
{
    private string _tag = "";

    /// <summary>
    /// Two models (0.5B Q4_K_M qwen, 8B Q8_0 llama) x two suites x two styles, plus an older run that the newer
    /// one replaces, a failed run and a flexible-mode aggregate that the strict board must not show.
    /// </summary>
    public async Task InitializeAsync()
    {
        _tag = Guid.NewGuid().ToString("N")[..6];
        await using var db = database.CreateContext();
        if (db.RunAggregates.Any())
        {
            return;
        }
        var qwen = Model($"qwen-small-{_tag}", "qwen2.5", 494_000_000, "Q4_K_M");
        var llama = Model($"llama-big-{_tag}", "llama-3.1", 8_030_000_000, "Q8_0");
        var arithmetic = SampleEntities.Suite(0);
        arithmetic.Name = "arithmetic";
        var deduction = SampleEntities.Suite(0);
        deduction.Name = "deduction";
        deduction.TaskType = "Logic";
        var direct = SampleEntities.Style();
        direct.Name = "direct";
        direct.ParametersJson = "{}";
        var sc = SampleEntities.Style();
        sc.Name = "cot+sc5";
        sc.ParametersJson = """{"style": "sc", "samples": 5, "innerName": "cot"}""";

        var finished = SampleEntities.Moment;
        void Add(LanguageModel model, BenchmarkSuite suite, ThinkingStyle style, double accuracy, double? tokensPerCorrect, int minutes, RunState state = RunState.Succeeded)
        {
            var run = SampleEntities.Run(model, suite, style);
            run.State = state;
            run.FinishedAt = finished.AddMinutes(minutes);
            run.Aggregates.Add(Aggregate(ScoringMode.Strict, accuracy, tokensPerCorrect));
            run.Aggregates.Add(Aggregate(ScoringMode.Flexible, Math.Min(1, accuracy + 0.1), tokensPerCorrect));
            run.Aggregates.Add(new RunAggregate { Mode = ScoringMode.Strict, Level = 1, ItemCount = 10, Accuracy = 0.99, ComputedAt = finished });
            db.Runs.Add(run);
        }
        Add(qwen, arithmetic, direct, 0.30, 120, 1);
        Add(qwen, arithmetic, direct, 0.40, 100, 2); // newer: replaces the 0.30 run
        Add(qwen, arithmetic, sc, 0.55, 900, 3);
        Add(qwen, deduction, direct, 0.20, null, 4);
        Add(llama, arithmetic, direct, 0.70, 80, 5);
        Add(llama, deduction, sc, 0.85, 600, 6);
        Add(llama, deduction, direct, 0.99, 10, 7, RunState.Failed);
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Board_is_public_and_shows_the_latest_successful_run_per_cell_best_first()
    {
        await using var app = new ApiTestApp(database.Database);
        var board = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/leaderboard");

        var rows = board.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(5, board.GetProperty("total").GetInt32());
        Assert.Equal([0.85, 0.70, 0.55, 0.40, 0.20], rows.Select(r => r.GetProperty("accuracy").GetDouble()));
        Assert.Equal("cot+sc5", rows[0].GetProperty("styleLabel").GetString());
        Assert.Equal("strict", rows[0].GetProperty("mode").GetString());
    }

    [Theory]
    [InlineData("suite=deduction", new[] { 0.85, 0.20 })]
    [InlineData("taskType=logic", new[] { 0.85, 0.20 })]
    [InlineData("style=cot", new[] { 0.85, 0.55 })]
    [InlineData("family=QWEN2.5", new[] { 0.55, 0.40, 0.20 })]
    [InlineData("size=-1", new[] { 0.55, 0.40, 0.20 })]
    [InlineData("size=1-10", new[] { 0.85, 0.70 })]
    [InlineData("quantization=q8_0", new[] { 0.85, 0.70 })]
    [InlineData("q=BIG", new[] { 0.85, 0.70 })]
    [InlineData("q=dedu&family=llama-3.1", new[] { 0.85 })]
    [InlineData("sort=tokensPerCorrect", new[] { 0.70, 0.40, 0.85, 0.55, 0.20 })]
    [InlineData("sort=model&style=direct", new[] { 0.70, 0.40, 0.20 })]
    [InlineData("mode=flexible&suite=arithmetic", new[] { 0.80, 0.65, 0.50 })]
    [InlineData("pageSize=2&page=2", new[] { 0.55, 0.40 })]
    public async Task Filters_sorts_and_pages_match_the_seeded_rows(string query, double[] expected)
    {
        await using var app = new ApiTestApp(database.Database);
        var board = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/leaderboard?" + query);

        var accuracies = board.GetProperty("rows").EnumerateArray().Select(r => Math.Round(r.GetProperty("accuracy").GetDouble(), 2)).ToArray();
        Assert.Equal(expected, accuracies);
    }

    [Theory]
    [InlineData("sort=vibes", "sort")]
    [InlineData("mode=lenient", "mode")]
    [InlineData("size=big", "size")]
    [InlineData("size=8-1", "size")]
    [InlineData("pageSize=0", "pageSize")]
    public async Task Bad_filters_get_400_naming_the_parameter(string query, string field)
    {
        await using var app = new ApiTestApp(database.Database);
        var problem = await AuthTests.AssertProblemAsync(await app.CreateClient().GetAsync("/api/leaderboard?" + query), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Facets_list_the_values_on_the_board()
    {
        await using var app = new ApiTestApp(database.Database);
        var facets = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/leaderboard/facets");

        Assert.Equal(["arithmetic", "deduction"], facets.GetProperty("suites").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["llama-3.1", "qwen2.5"], facets.GetProperty("families").EnumerateArray().Select(s => s.GetString()));
    }

    private static LanguageModel Model(string name, string family, long parameters, string quantization)
    {
        var model = SampleEntities.Model();
        model.Name = name;
        model.Family = family;
        model.ParameterCount = parameters;
        model.Quantization = quantization;
        return model;
    }

    private static RunAggregate Aggregate(ScoringMode mode, double accuracy, double? tokensPerCorrect) => new()
    {
        Mode = mode,
        ItemCount = 100,
        CorrectCount = (int)Math.Round(accuracy * 100),
        Accuracy = accuracy,
        WilsonLow = Math.Max(0, accuracy - 0.1),
        WilsonHigh = Math.Min(1, accuracy + 0.1),
        TokensPerCorrect = tokensPerCorrect,
        MeanOutputTokens = 200,
        MeanLatencyMs = 1000,
        ComputedAt = SampleEntities.Moment,
    };
}
