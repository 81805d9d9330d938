using System.Diagnostics;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Platform.Cli.Commands;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Data.Jobs;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Datasets.Suites;
using Platform.Evaluation.Models;
using Platform.Evaluation.Running;
using Platform.Evaluation.Styles;
using Platform.Jobs.Catalog;
using Platform.Llama;
using Platform.Gguf;
using Platform.Worker;
using Platform.Worker.Engine;
using Platform.Worker.Evaluation;

namespace Platform.Cli.Bench;

/// <summary>
/// <c>thoughtboard bench pipeline</c>: items per second of a run going through Hangfire, a worker and PostgreSQL,
/// against the engine alone (the evaluation runner on the same model, prompts and batch settings), alternating the
/// two over rounds so machine drift hits both, and comparing medians. It works in a scratch database it drops after.
/// </summary>
internal static class PipelineBench
{
    public const string Usage = "bench pipeline [--model FILE.gguf] [--items N] [--rounds N] [--max-tokens N] [--sequences N] [--threads N] [--json FILE]";

    private const double Target = 0.9;

    public static async Task<int> RunAsync(CommandArgs args, CommandContext context)
    {
        string? modelPath = args.Optional("model");
        int perLevel = args.OptionalInt("items", 1, 10_000) ?? 16;
        int rounds = args.OptionalInt("rounds", 1, 50) ?? 3;
        int maxTokens = args.OptionalInt("max-tokens", 1, 4096) ?? 32;
        int sequences = args.OptionalInt("sequences", 1, 256) ?? 16;
        int? threads = args.OptionalInt("threads", 1, 1024);
        string? jsonPath = args.Optional("json");
        args.EnsureAllRead(maxPositionals: 1);
        var ct = context.CancellationToken;

        if (modelPath is not null)
        {
            // Checked before a scratch database is made or a worker started, so a wrong path costs nothing.
            try
            {
                GgufFile.Read(modelPath);
            }
            catch (GgufFormatException ex)
            {
                context.Error.WriteLine($"thoughtboard bench pipeline: {ex.Message}");
                return 1;
            }
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        string server;
        try
        {
            server = ThoughtboardDataExtensions.GetConnectionString(configuration);
        }
        catch (InvalidOperationException ex)
        {
            context.Error.WriteLine($"thoughtboard bench pipeline: {ex.Message}");
            return 1;
        }

        await NativeAssets.EnsureLibrariesAsync(LlamaBackendKind.Auto, context.Error, ct);
        if (modelPath is null)
        {
            await NativeAssets.EnsureVocabularyAsync(context.Error, ct);
        }
        LlamaBackend.Initialize();
        modelPath ??= TestModelGenerator.EnsureModel(TestModelSpec.Bench, Path.Combine(Path.GetTempPath(), "thoughtboard-bench-models"));
        var suite = BuiltInSuites.Build("arithmetic@1", 101, perLevel);
        int items = suite.Items.Count;
        int concurrency = sequences * 2;
        var sampling = new SamplingSettings { Temperature = 0, MaxTokens = maxTokens, Seed = 1 };
        var generatorOptions = new BatchedGeneratorOptions { Sequences = sequences, SequenceLength = 1024, Threads = threads };
        context.Out.WriteLine($"Pipeline vs engine: {items} items, {maxTokens} output tokens max, {sequences} sequences, {rounds} rounds, model {Path.GetFileName(modelPath)}");

        string scratch = $"tb_bench_{Guid.NewGuid():N}"[..24];
        string connectionString = new NpgsqlConnectionStringBuilder(server) { Database = scratch }.ConnectionString;
        await ExecuteAsync(server, $"CREATE DATABASE \"{scratch}\"", ct);
        try
        {
            var dbOptions = ((DbContextOptionsBuilder<ThoughtboardDbContext>)ThoughtboardDataExtensions.UseThoughtboardDatabase(
                new DbContextOptionsBuilder<ThoughtboardDbContext>(), connectionString)).Options;
            long modelId, suiteId, styleId;
            await using (var db = new ThoughtboardDbContext(dbOptions))
            {
                await ThoughtboardDataExtensions.MigrateAsync(db, NullLogger.Instance, ct);
                (modelId, suiteId, styleId) = await SeedAsync(db, modelPath, suite, ct);
            }

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Thoughtboard"] = connectionString,
                ["Worker:Name"] = "bench",
                ["Worker:Sequences"] = sequences.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Worker:SequenceLength"] = "1024",
                ["Worker:MaxConcurrentItems"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Worker:Threads"] = threads?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddThoughtboardWorker();
            using var host = builder.Build();
            await host.StartAsync(ct);
            using var engine = LlamaEvaluationModel.Load(modelPath, new LlamaModelOptions { GpuLayers = 0 }, generatorOptions);
            var style = StyleTable.Create("direct");
            var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();

            async Task<double> PipelineAsync()
            {
                await using var db = new ThoughtboardDbContext(dbOptions);
                var clock = Stopwatch.StartNew();
                var run = new Run
                {
                    ModelId = modelId, SuiteId = suiteId, StyleId = styleId, StyleLabel = style.Label, Seed = 1, Queue = RunQueue.Cpu, State = RunState.Queued,
                    DecodingSettingsJson = $$"""{"temperature": 0, "maxTokens": {{maxTokens}}}""",
                    ConfigHash = Guid.NewGuid().ToString("N"), CreatedAt = DateTimeOffset.UtcNow,
                };
                db.Runs.Add(run);
                await db.SaveChangesAsync(ct);
                jobs.Enqueue<IRunJob>(RunQueues.Cpu, job => job.ExecuteAsync(run.Id, CancellationToken.None));
                while (true)
                {
                    var state = await db.Runs.Where(r => r.Id == run.Id).Select(r => new { r.State, r.FailureReason, r.FailureDetail }).FirstAsync(ct);
                    if (state.State == RunState.Succeeded)
                        return items / clock.Elapsed.TotalSeconds;
                    if (state.State is RunState.Failed or RunState.Cancelled)
                        throw new InvalidOperationException($"The benchmark run {state.State.ToString().ToLowerInvariant()}: {state.FailureDetail ?? state.FailureReason}");
                    await Task.Delay(20, ct);
                }
            }

            async Task<double> EngineAsync()
            {
                var clock = Stopwatch.StartNew();
                int done = 0;
                await foreach (var _ in EvaluationRunner.RunAsync(suite, style, engine, sampling, new RunOptions(concurrency), cancellationToken: ct))
                    done++;
                return done / clock.Elapsed.TotalSeconds;
            }

            context.Out.WriteLine("Warming up both paths (model load and first decode are not measured)...");
            await PipelineAsync();
            await EngineAsync();
            var pipeline = new List<double>();
            var alone = new List<double>();
            for (int round = 1; round <= rounds; round++)
            {
                // Alternate which path goes first, so a slow phase of the machine does not favour one of them.
                if (round % 2 == 1)
                {
                    pipeline.Add(await PipelineAsync());
                    alone.Add(await EngineAsync());
                }
                else
                {
                    alone.Add(await EngineAsync());
                    pipeline.Add(await PipelineAsync());
                }
                context.Out.WriteLine($"  round {round}: pipeline {pipeline[^1]:F2} items/s, engine {alone[^1]:F2} items/s");
            }
            await host.StopAsync(CancellationToken.None);

            double pipelineMedian = BenchStatistics.Median(pipeline);
            double engineMedian = BenchStatistics.Median(alone);
            double ratio = BenchStatistics.RatioOfMedians(pipeline, alone);
            string machine = MachineDescription.Current();
            context.Out.WriteLine($"Pipeline {pipelineMedian:F2} items/s, engine alone {engineMedian:F2} items/s: {ratio:F2}x (target >= {Target:F1}x) on {machine}");
            if (ratio < Target)
                context.Out.WriteLine($"MISSED: the pipeline reaches {ratio:F2}x of the engine alone, below {Target:F1}x.");
            if (jsonPath is not null)
            {
                var report = new Dictionary<string, object>
                {
                    ["pipeline_items_per_s"] = Math.Round(pipelineMedian, 4),
                    ["engine_items_per_s"] = Math.Round(engineMedian, 4),
                    ["items"] = items,
                    ["machine"] = machine,
                };
                await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }), ct);
                context.Out.WriteLine($"Wrote {jsonPath}");
            }
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{scratch}\" WITH (FORCE)", CancellationToken.None);
        }
    }

    private static async Task<(long Model, long Suite, long Style)> SeedAsync(ThoughtboardDbContext db, string modelPath, Suite suite, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var model = new LanguageModel { Name = Path.GetFileNameWithoutExtension(modelPath), Location = Path.GetFullPath(modelPath), CreatedAt = now };
        var suiteRow = SuiteCatalog.ToStored(suite, SuiteSource.Builtin, now);
        var style = new Data.Entities.ThinkingStyle { Name = "direct", Version = "1", CreatedAt = now };
        db.AddRange(model, suiteRow, style);
        await db.SaveChangesAsync(ct);
        return (model.Id, suiteRow.Id, style.Id);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
