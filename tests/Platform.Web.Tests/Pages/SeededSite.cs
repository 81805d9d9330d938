using Microsoft.AspNetCore.Identity;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Evaluation.Metrics;
using Platform.Testing;

namespace Platform.Web.Tests.Pages;

/// <summary>
/// One database with a small, fully known leaderboard, and the real web app on it. Two models (alpha 1.5B Q4_K_M,
/// beta 7B Q8_0) on one arithmetic suite of six items (levels 1, 2, 3 twice each) with two styles; beta also has
/// a running and a failed run. The verdict strings below are the whole truth every test derives its expectations from.
/// </summary>
public sealed class SeededSite : IAsyncLifetime
{
    // One letter per item in suite order: C correct, I incorrect, N no answer.
    public const string AlphaDirectStrict = "CICNII";
    public const string AlphaDirectFlexible = "CICCII";
    public const string AlphaCotStrict = "CCCICI";
    public const string BetaDirectStrict = "CCCCCI";

    public const string AdminName = "ada";
    public const string MemberName = "max";
    public const string Password = "correct horse battery staple";

    public const string FailureReason = "The model file could not be loaded: out of memory.";

    private TestDatabase? _database;
    private ThoughtboardWebFactory? _app;

    public TestDatabase Database => _database!;
    public ThoughtboardWebFactory App => _app!;

    public LanguageModel Alpha { get; private set; } = null!;
    public LanguageModel Beta { get; private set; } = null!;
    public BenchmarkSuite Suite { get; private set; } = null!;
    public Run AlphaDirect { get; private set; } = null!;
    public Run AlphaCot { get; private set; } = null!;
    public Run BetaDirect { get; private set; } = null!;
    public Run BetaRunning { get; private set; } = null!;
    public Run BetaFailed { get; private set; } = null!;
    public Submission BetaSubmission { get; private set; } = null!;

    public HttpClient CreateClient() => App.CreateClient(new() { AllowAutoRedirect = false });

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using (var db = _database.CreateContext())
        {
            Alpha = Model("alpha-1.5b-instruct-q4_k_m", "alpha", 1_500_000_000, "Q4_K_M");
            Beta = Model("beta-7b-instruct-q8_0", "beta", 7_000_000_000, "Q8_0");
            Suite = SampleEntities.Suite(items: 6);
            Suite.Name = "arith-mixed";
            for (var i = 0; i < Suite.Items.Count; i++)
            {
                Suite.Items[i].Level = 1 + i / 2;
                Suite.Items[i].Prompt = $"Compute {i} * 3 + 1.";
                Suite.Items[i].Target = $"{i * 3 + 1}";
                Suite.Items[i].Choices = [];
            }
            var direct = Style("direct");
            var cot = Style("cot");
            AlphaDirect = Finished(Alpha, direct, AlphaDirectStrict, AlphaDirectFlexible, tokens: 20);
            AlphaCot = Finished(Alpha, cot, AlphaCotStrict, AlphaCotStrict, tokens: 200);
            BetaDirect = Finished(Beta, direct, BetaDirectStrict, BetaDirectStrict, tokens: 30);

            BetaRunning = SampleEntities.Run(Beta, Suite, cot);
            BetaRunning.ItemsTotal = 6;
            BetaRunning.ItemsDone = 2;
            BetaFailed = SampleEntities.Run(Beta, Suite, cot);
            BetaFailed.State = RunState.Failed;
            BetaFailed.FailureReason = FailureReason;
            BetaFailed.ItemsDone = 0;
            BetaFailed.ItemsTotal = 6;
            BetaSubmission = new Submission
            {
                Model = Beta,
                Suites = [Suite],
                Styles = [cot],
                DecodingSettingsJson = """{"temperature": 0}""",
                Seed = 7,
                State = SubmissionState.Running,
                RequestHash = new string('d', 64),
                CreatedAt = SampleEntities.Moment,
                Runs = [BetaRunning, BetaFailed],
            };
            db.AddRange(AlphaDirect, AlphaCot, BetaDirect, BetaSubmission, User(AdminName, UserRole.Admin), User(MemberName, UserRole.Member));
            // The running run's worker stays alive for as long as the site does (its heartbeat is ahead of the clock), so
            // the run shows its progress rather than waiting for a worker (that is WorkerLivenessTests' subject).
            db.Workers.Add(new Data.Entities.Worker
            {
                Name = BetaRunning.WorkerName!, Machine = "box-1", Backend = WorkerBackend.Cpu,
                StartedAt = SampleEntities.Moment, HeartbeatAt = DateTimeOffset.UtcNow.AddDays(1),
            });
            await db.SaveChangesAsync();
        }
        _app = new ThoughtboardWebFactory(_database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private static User User(string name, UserRole role)
    {
        var user = new User { UserName = name, Email = $"{name}@example.org", PasswordHash = "", Role = role, CreatedAt = SampleEntities.Moment };
        user.PasswordHash = new PasswordHasher<User>().HashPassword(user, Password);
        return user;
    }

    /// <summary>A client signed in through the sign-in page as the given user; it keeps the cookie and follows no redirects.</summary>
    public async Task<HttpClient> SignedInClientAsync(string userName)
    {
        var client = CreateClient();
        var response = await Forms.PostAsync(client, "/account/login", "form.signin-form", new()
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = Password,
        });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
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

    private static ThinkingStyle Style(string name)
    {
        var style = SampleEntities.Style();
        style.Name = name;
        style.ParametersJson = "{}";
        return style;
    }

    private Run Finished(LanguageModel model, ThinkingStyle style, string strict, string flexible, int tokens)
    {
        var run = SampleEntities.Run(model, Suite, style);
        run.State = RunState.Succeeded;
        run.ItemsTotal = run.ItemsDone = Suite.Items.Count;
        run.FinishedAt = SampleEntities.Moment.AddMinutes(1);
        for (var i = 0; i < Suite.Items.Count; i++)
        {
            var result = SampleEntities.Result(run, Suite.Items[i]);
            result.VerdictStrict = Parse(strict[i]);
            result.VerdictFlexible = Parse(flexible[i]);
            result.ExtractedAnswerStrict = result.VerdictStrict == Verdict.NoAnswer ? null : $"answer-{style.Name}-{i}";
            result.ExtractedAnswerFlexible = $"answer-{style.Name}-{i}";
            result.RawOutput = $"Output of {style.Name} on item {i}, with a comma, and a \"quote\".";
            result.TokensOut = tokens;
            run.Results.Add(result);
        }
        run.Aggregates.Add(Aggregate(run, ScoringMode.Strict, null, strict, tokens));
        run.Aggregates.Add(Aggregate(run, ScoringMode.Flexible, null, flexible, tokens));
        foreach (var level in Suite.Items.Select(i => i.Level).Distinct())
        {
            var indexes = Enumerable.Range(0, Suite.Items.Count).Where(i => Suite.Items[i].Level == level).ToList();
            run.Aggregates.Add(Aggregate(run, ScoringMode.Strict, level, string.Concat(indexes.Select(i => strict[i])), tokens));
            run.Aggregates.Add(Aggregate(run, ScoringMode.Flexible, level, string.Concat(indexes.Select(i => flexible[i])), tokens));
        }
        return run;
    }

    private static RunAggregate Aggregate(Run run, ScoringMode mode, int? level, string verdicts, int tokens)
    {
        var correct = verdicts.Count(v => v == 'C');
        var interval = Statistics.WilsonInterval(correct, verdicts.Length);
        return new RunAggregate
        {
            Run = run,
            Mode = mode,
            Level = level,
            ItemCount = verdicts.Length,
            CorrectCount = correct,
            NoAnswerCount = verdicts.Count(v => v == 'N'),
            Accuracy = (double)correct / verdicts.Length,
            WilsonLow = interval.Lower,
            WilsonHigh = interval.Upper,
            NoAnswerRate = (double)verdicts.Count(v => v == 'N') / verdicts.Length,
            MeanOutputTokens = tokens,
            TokensPerCorrect = correct == 0 ? null : (double)tokens * verdicts.Length / correct,
            MeanLatencyMs = 100,
            ComputedAt = SampleEntities.Moment,
        };
    }

    private static Verdict Parse(char letter) => letter switch
    {
        'C' => Verdict.Correct,
        'I' => Verdict.Incorrect,
        'N' => Verdict.NoAnswer,
        _ => throw new ArgumentException($"Unknown verdict letter '{letter}'."),
    };
}
