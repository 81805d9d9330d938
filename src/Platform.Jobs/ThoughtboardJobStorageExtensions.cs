using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Data;

namespace Platform.Jobs;

public static class ThoughtboardJobStorageExtensions
{
    /// <summary>
    /// Hangfire on the Thoughtboard PostgreSQL database (schema from <c>Hangfire:SchemaName</c>), enough to enqueue
    /// and cancel jobs. The web app uses this alone; a worker adds its job server on top.
    /// </summary>
    /// <param name="configure">More of Hangfire's configuration, e.g. the worker's job filters.</param>
    /// <exception cref="InvalidOperationException">A <c>Hangfire</c> setting is out of range (all are listed).</exception>
    public static IHostApplicationBuilder AddThoughtboardJobStorage(
        this IHostApplicationBuilder builder, Action<IServiceProvider, IGlobalConfiguration>? configure = null)
    {
        var connectionString = ThoughtboardDataExtensions.GetConnectionString(builder.Configuration);
        builder.Services.Configure<JobStorageOptions>(builder.Configuration.GetSection(JobStorageOptions.Section));
        var storage = builder.Configuration.GetSection(JobStorageOptions.Section).Get<JobStorageOptions>() ?? new JobStorageOptions();
        SettingsProblems.ThrowIfAny(storage.Problems());
        builder.Services.AddHangfire((services, configuration) =>
        {
            configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UsePostgreSqlStorage(
                    options => options.UseNpgsqlConnection(connectionString),
                    new PostgreSqlStorageOptions
                    {
                        SchemaName = storage.SchemaName,
                        PrepareSchemaIfNecessary = true,
                        InvisibilityTimeout = storage.InvisibilityTimeout,
                        UseSlidingInvisibilityTimeout = true,
                        QueuePollInterval = storage.QueuePollInterval,
                        // LISTEN/NOTIFY: an idle worker takes a new job at once instead of at its next poll.
                        EnableLongPolling = storage.EnableLongPolling,
                    });
            // One retry policy for every job, replacing Hangfire's default of ten attempts over hours. Hangfire's
            // filter list is process-wide, so a host built again in the same process replaces its own filters too.
            foreach (var existing in GlobalJobFilters.Filters.Where(f => f.Instance is AutomaticRetryAttribute).ToList())
                GlobalJobFilters.Filters.Remove(existing.Instance);
            configuration.UseFilter(new AutomaticRetryAttribute
            {
                Attempts = storage.RetryAttempts,
                DelaysInSeconds = [storage.RetryDelaySeconds],
                OnAttemptsExceeded = AttemptsExceededAction.Fail,
            });
            configure?.Invoke(services, configuration);
        });
        return builder;
    }
}
