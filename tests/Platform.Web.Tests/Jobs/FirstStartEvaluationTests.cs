using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Evaluation.Datasets.Suites;
using Platform.Gguf;
using Platform.Testing;
using Platform.Web.Jobs;
using Platform.Web.Tests.Api;

namespace Platform.Web.Tests.Jobs;

public sealed class FirstStartEvaluationTests
{
    /// <summary>A header-only GGUF as the generator marks it; registration reads nothing else.</summary>
    private static void WriteGeneratedModel(string path, string name) =>
        new GgufWriter()
            .Add("general.architecture", GgufValue.Of("llama"))
            .Add("general.name", GgufValue.Of(name))
            .Add("general.file_type", GgufValue.Of(7u))
            .Add(TestModelGenerator.RandomWeightsKey, GgufValue.Of(true))
            .WriteTo(path);

    private static Dictionary<string, string?> FirstStart(string path) => new() { ["FirstStart:ModelPath"] = path };

    [Fact]
    public async Task On_an_empty_database_the_app_registers_the_model_and_submits_every_built_in_suite_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var name = "generated-" + Guid.NewGuid().ToString("N")[..8];
        await using (var app = new ApiTestApp(database, FirstStart("demo.gguf")))
        {
            WriteGeneratedModel(Path.Combine(app.ModelFolder, "demo.gguf"), name);
            _ = app.Services; // starts the host and its hosted services

            var submission = await WaitForSubmissionAsync(app);

            await using var db = app.Db();
            var model = await db.Models.SingleAsync();
            Assert.Equal(name, model.Name);
            Assert.True(model.RandomWeights);
            Assert.Equal("Q8_0", model.Quantization);
            Assert.Equal(Path.Combine(app.ModelFolder, "demo.gguf"), model.Location);
            Assert.Equal(model.Id, submission.ModelId);
            Assert.Equal(5, submission.ItemLimit);
            Assert.Contains("\"maxTokens\": 128", submission.DecodingSettingsJson);
            var runs = await db.Runs.Where(r => r.SubmissionId == submission.Id)
                .Select(r => new { Suite = r.Suite.Name, Style = r.Style.Name, r.HangfireJobId, r.ItemsTotal }).ToListAsync();
            Assert.Equal(BuiltInSuites.Names.Count * 3, runs.Count);
            Assert.Equal(BuiltInSuites.Names.Order(), runs.Select(r => r.Suite).Distinct().Order());
            Assert.Equal(["cod", "cot", "direct"], runs.Select(r => r.Style).Distinct().Order());
            Assert.All(runs, r => Assert.NotNull(r.HangfireJobId));
            Assert.All(runs, r => Assert.Equal(5, r.ItemsTotal));
        }

        // A later start on the same database finds the submission and submits nothing.
        await using var later = new ApiTestApp(database, FirstStart("demo.gguf"));
        WriteGeneratedModel(Path.Combine(later.ModelFolder, "demo.gguf"), name);
        Assert.Null(await later.Services.GetRequiredService<FirstStartEvaluation>().SubmitIfFirstStartAsync(CancellationToken.None));
        await using var check = later.Db();
        Assert.Equal(1, await check.Submissions.CountAsync());
    }

    [Fact]
    public async Task An_already_registered_model_named_by_the_settings_is_evaluated_without_registering_anything()
    {
        await using var database = await TestDatabase.CreateAsync();
        var model = SampleEntities.Model();
        await using (var db = database.CreateContext())
        {
            db.Models.Add(model);
            await db.SaveChangesAsync();
        }
        await using var app = new ApiTestApp(database, new Dictionary<string, string?>
        {
            ["FirstStart:ModelName"] = model.Name,
            ["FirstStart:Suites:0"] = "arithmetic",
            ["FirstStart:Styles:0"] = "direct",
            ["FirstStart:ItemLimit"] = "3",
        });
        _ = app.Services;

        var submission = await WaitForSubmissionAsync(app);

        await using var check = app.Db();
        Assert.Equal(model.Id, submission.ModelId);
        Assert.Equal(1, await check.Models.CountAsync());
        Assert.Equal(1, await check.Runs.CountAsync(r => r.SubmissionId == submission.Id));
    }

    [Fact]
    public async Task Two_web_apps_starting_together_on_an_empty_database_submit_the_first_start_evaluation_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var model = SampleEntities.Model();
        await using (var db = database.CreateContext())
        {
            db.Models.Add(model);
            await db.SaveChangesAsync();
        }
        var settings = new Dictionary<string, string?>
        {
            ["FirstStart:ModelName"] = model.Name,
            ["FirstStart:Suites:0"] = "arithmetic",
            ["FirstStart:Styles:0"] = "direct",
            ["FirstStart:ItemLimit"] = "2",
        };
        long?[] submitted;
        await using (var first = new ApiTestApp(database, settings))
        await using (var second = new ApiTestApp(database, settings))
        {
            var evaluations = new[] { first, second, first, second }.Select(a => a.Services.GetRequiredService<FirstStartEvaluation>()).ToList();
            // Started the same moment, besides each app's own start-up attempt.
            using var start = new SemaphoreSlim(0);
            var attempts = evaluations.Select(e => Task.Run(async () =>
            {
                await start.WaitAsync();
                return await e.SubmitIfFirstStartAsync(CancellationToken.None);
            })).ToList();
            start.Release(attempts.Count);
            submitted = await Task.WhenAll(attempts);
            await WaitForSubmissionAsync(first);
        }

        await using var check = database.CreateContext();
        Assert.Equal(1, await check.Submissions.CountAsync());
        Assert.True(submitted.Count(id => id is not null) <= 1, $"submitted: {string.Join(", ", submitted)}");
    }

    [Fact]
    public async Task A_model_outside_the_model_folder_is_refused_and_nothing_is_submitted()
    {
        await using var database = await TestDatabase.CreateAsync();
        var outside = Path.Combine(Path.GetTempPath(), $"tb-outside-{Guid.NewGuid():N}.gguf");
        WriteGeneratedModel(outside, "outside");
        try
        {
            await using var app = new ApiTestApp(database, FirstStart(outside));

            Assert.Null(await app.Services.GetRequiredService<FirstStartEvaluation>().SubmitIfFirstStartAsync(CancellationToken.None));

            await using var db = app.Db();
            Assert.Equal(0, await db.Models.CountAsync());
            Assert.Equal(0, await db.Submissions.CountAsync());
        }
        finally
        {
            File.Delete(outside);
        }
    }

    private static async Task<Data.Entities.Submission> WaitForSubmissionAsync(ApiTestApp app)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            await using var db = app.Db();
            // The submission is saved before its runs are enqueued; wait until every run has its job.
            var submission = await db.Submissions.AsNoTracking().Include(s => s.Runs).FirstOrDefaultAsync();
            if (submission is not null && submission.Runs.Count > 0 && submission.Runs.All(r => r.HangfireJobId != null))
                return submission;
            await Task.Delay(100);
        }
        throw new TimeoutException("The first-start evaluation was not submitted within 30 s.");
    }
}
