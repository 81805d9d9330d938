using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.Data;
using Platform.Data.Jobs;
using Platform.Jobs;
using Platform.Llama;
using Platform.Llama.Engine;
using Platform.Worker.Jobs;
using Platform.Worker.Models;

namespace Platform.Worker;

public static class ThoughtboardWorkerExtensions
{
    /// <summary>Everything a stand-alone worker process needs: database, job storage and the job server.</summary>
    /// <exception cref="InvalidOperationException">A <c>Worker</c> or <c>Hangfire</c> setting is out of range (all are listed).</exception>
    public static IHostApplicationBuilder AddThoughtboardWorker(this IHostApplicationBuilder builder)
    {
        var worker = builder.Configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new WorkerOptions();
        var storage = builder.Configuration.GetSection(JobStorageOptions.Section).Get<JobStorageOptions>() ?? new JobStorageOptions();
        // Both sections first, so one message names every bad setting; the steps below each check their own again.
        SettingsProblems.ThrowIfAny([.. worker.Problems(), .. storage.Problems()]);
        // Every SQL statement of a run is debugging detail (as in the web app's appsettings); Logging settings still win.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        builder.AddThoughtboardData();
        builder.AddThoughtboardJobStorage((services, configuration) =>
        {
            // Process-wide like the retry policy: a host built again in the same process replaces its own filter.
            foreach (var existing in GlobalJobFilters.Filters.Where(f => f.Instance is RunFailureFilter).ToList())
                GlobalJobFilters.Filters.Remove(existing.Instance);
            configuration.UseFilter(ActivatorUtilities.CreateInstance<RunFailureFilter>(services));
        });
        builder.AddThoughtboardJobServer();
        return builder;
    }

    /// <summary>
    /// The Hangfire server that executes runs: its queues, name and backend from the <c>Worker</c> section, the
    /// run job, the model cache and the Workers-table heartbeat, on the job storage added before it.
    /// </summary>
    private static IHostApplicationBuilder AddThoughtboardJobServer(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(WorkerOptions.Section);
        builder.Services.Configure<WorkerOptions>(section);
        var worker = section.Get<WorkerOptions>() ?? new WorkerOptions();
        var storage = builder.Configuration.GetSection(JobStorageOptions.Section).Get<JobStorageOptions>() ?? new JobStorageOptions();
        SettingsProblems.ThrowIfAny(worker.Problems()); // storage: checked by AddThoughtboardJobStorage
        // The name is fixed once per process, so runs, the Workers row and Hangfire's server list all agree.
        var name = worker.EffectiveName;
        builder.Services.PostConfigure<WorkerOptions>(options => options.Name = name);

        var connectionString = ThoughtboardDataExtensions.GetConnectionString(builder.Configuration);
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.AddModelUrlPolicy();
        builder.Services.AddSingleton(services =>
        {
            var policy = services.GetRequiredService<Data.Security.ModelUrlPolicy>();
            return new ModelDownloader(ModelDownloader.CreateHttpClient(policy), policy,
                services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ModelDownloader>>());
        });
        builder.Services.AddSingleton<ModelCache>();
        builder.Services.AddSingleton<Evaluation.RunHost>();
        builder.Services.AddScoped<IRunJob, RunJob>();
        builder.Services.AddHostedService<WorkerRegistration>();
        builder.Services.AddHostedService<NativeBackendStartup>();
        builder.Services.AddHangfireServer(options =>
        {
            options.ServerName = name;
            options.Queues = worker.EffectiveQueues.ToArray();
            options.WorkerCount = worker.Concurrency;
            options.CancellationCheckInterval = storage.CancellationCheckInterval;
            options.ShutdownTimeout = TimeSpan.FromSeconds(30);
        });
        return builder;
    }

    /// <summary>Loads llama.cpp at start-up so a worker with missing native libraries fails at once, not at its first run.</summary>
    private sealed class NativeBackendStartup(Microsoft.Extensions.Options.IOptions<WorkerOptions> options, Microsoft.Extensions.Logging.ILogger<NativeBackendStartup> logger)
        : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var backend = options.Value.Backend == Data.Entities.WorkerBackend.Cuda ? LlamaBackendKind.Cuda : LlamaBackendKind.Cpu;
            var engineSetting = options.Value.Engine;
            var engine = LlamaEngines.Use(LlamaEngines.Parse(engineSetting ?? Environment.GetEnvironmentVariable(LlamaEngines.EngineVariable),
                engineSetting is null ? LlamaEngines.EngineVariable : "Worker:Engine"));
            var info = engine.Start(new LlamaBackendOptions { Backend = backend });
            logger.LogInformation("Worker {Name} serving queues {Queues} with {Backend}", options.Value.EffectiveName,
                string.Join(", ", options.Value.EffectiveQueues), info);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
