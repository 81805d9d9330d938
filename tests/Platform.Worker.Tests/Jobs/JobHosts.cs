using System.Diagnostics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Web.Jobs;

namespace Platform.Worker.Tests.Jobs;

/// <summary>
/// Settings that keep job tests short: a job whose worker died is visible again after 5 s, queues are polled
/// twice a second, heartbeats and cancel checks run every half second, results are written in small batches.
/// </summary>
public static class JobHosts
{
    public static Dictionary<string, string?> Settings(string connectionString, string workerName) => new()
    {
        ["ConnectionStrings:Thoughtboard"] = connectionString,
        ["Hangfire:InvisibilityTimeout"] = "00:00:05",
        ["Hangfire:QueuePollInterval"] = "00:00:00.500",
        ["Hangfire:CancellationCheckInterval"] = "00:00:00.500",
        ["Hangfire:RetryDelaySeconds"] = "1",
        ["Worker:Name"] = workerName,
        ["Worker:Sequences"] = "4",
        ["Worker:SequenceLength"] = "1024",
        ["Worker:MaxSequenceLength"] = "1024",
        ["Worker:Threads"] = "1",
        ["Worker:MaxConcurrentItems"] = "8",
        ["Worker:ResultBatchSize"] = "4",
        ["Worker:ResultFlushInterval"] = "00:00:00.500",
        ["Worker:HeartbeatInterval"] = "00:00:00.500",
        ["Worker:DatabaseOutageTolerance"] = "00:01:00",
    };

    /// <summary>A worker host in this process (not started).</summary>
    /// <param name="services">Replacements of the worker's own services, applied last.</param>
    public static IHost Worker(
        string connectionString, string workerName, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        var settings = Settings(connectionString, workerName);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            settings[key] = value;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddThoughtboardWorker();
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>The enqueue side alone, as the web app has it: storage and <see cref="EvaluationQueue"/>, no server.</summary>
    public static IHost Client(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(Settings(connectionString, "client"));
        builder.AddThoughtboardData();
        builder.AddThoughtboardJobs();
        return builder.Build();
    }

    public static EvaluationQueue Queue(this IHost host) =>
        new(host.Services.GetRequiredService<IDbContextFactory<ThoughtboardDbContext>>(), host.Services.GetRequiredService<IBackgroundJobClient>(),
            host.Services.GetRequiredService<TimeProvider>());

    /// <summary>Polls the run until <paramref name="done"/> holds, failing with the run's last state after <paramref name="timeout"/>.</summary>
    public static async Task<Run> WaitForRunAsync(Func<ThoughtboardDbContext> contexts, long runId, Func<Run, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        Run? run = null;
        while (clock.Elapsed < timeout)
        {
            try
            {
                await using var db = contexts();
                run = await db.Runs.AsNoTracking().FirstAsync(r => r.Id == runId);
                if (done(run))
                    return run;
            }
            catch (Exception ex) when (Platform.Worker.Jobs.DatabaseRetry.IsTransient(ex))
            {
                // The server may be restarting in the test that restarts it.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException(
            $"Run {runId} did not reach the expected state in {timeout.TotalSeconds} s; it is {run?.State} with {run?.ItemsDone}/{run?.ItemsTotal} items, reason: {run?.FailureReason}");
    }

    public static Task<Run> WaitForFinalAsync(Func<ThoughtboardDbContext> contexts, long runId, TimeSpan timeout) =>
        WaitForRunAsync(contexts, runId, r => r.State is RunState.Succeeded or RunState.Failed or RunState.Cancelled, timeout);
}
