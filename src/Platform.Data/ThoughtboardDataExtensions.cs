using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.Data;

public static class ThoughtboardDataExtensions
{
    /// <summary>Name under ConnectionStrings; the environment variable is <c>ConnectionStrings__Thoughtboard</c>.</summary>
    public const string ConnectionStringName = "Thoughtboard";

    public const string MigrationsAssembly = "Platform.Migrations";

    /// <summary>Configuration switch that applies pending migrations at start-up; it defaults to true in Development only.</summary>
    public const string MigrateOnStartupKey = "Database:MigrateOnStartup";

    /// <summary>
    /// Registers <see cref="ThoughtboardDbContext"/> (scoped) and <see cref="IDbContextFactory{TContext}"/>
    /// on the PostgreSQL database named by <c>ConnectionStrings:Thoughtboard</c>, and the <see cref="Runs.RunTransitions"/>
    /// that own a run's state (on the registered <see cref="TimeProvider"/>, the system clock unless one is registered first).
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection string is missing or malformed.</exception>
    public static IHostApplicationBuilder AddThoughtboardData(this IHostApplicationBuilder builder)
    {
        var connectionString = GetConnectionString(builder.Configuration);
        builder.Services.AddDbContextFactory<ThoughtboardDbContext>(options => UseThoughtboardDatabase(options, connectionString));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<Runs.RunTransitions>();
        return builder;
    }

    /// <summary>
    /// The one <see cref="Security.ModelUrlPolicy"/> of the process, from the <c>ModelDownloads</c> section; the web app
    /// registers it for model registration and workers for downloads, so both apply the same rules.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>ModelDownloads:MaxBytes</c> is not positive.</exception>
    public static IHostApplicationBuilder AddModelUrlPolicy(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(Security.ModelDownloadOptions.Section).Get<Security.ModelDownloadOptions>()
            ?? new Security.ModelDownloadOptions();
        if (options.MaxBytes < 1)
        {
            throw new InvalidOperationException(
                $"Invalid settings: {Security.ModelDownloadOptions.Section}:MaxBytes must be at least 1 (it is {options.MaxBytes}).");
        }
        builder.Services.TryAddSingleton(new Security.ModelUrlPolicy(options));
        return builder;
    }

    /// <summary>The same provider settings the application uses, for design-time factories and tests.</summary>
    public static DbContextOptionsBuilder UseThoughtboardDatabase(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly));

    public static string GetConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"No PostgreSQL connection string: set the environment variable ConnectionStrings__{ConnectionStringName} " +
                $"(or ConnectionStrings:{ConnectionStringName} in appsettings), e.g. " +
                "\"Host=127.0.0.1;Port=5432;Database=thoughtboard;Username=thoughtboard;Password=...\". " +
                "./thoughtboard up provides one for its private PostgreSQL, or uses THOUGHTBOARD_DB.");
        }
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            // The message never repeats the string itself: it may carry a password.
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not a valid PostgreSQL connection string: {ex.Message}", ex);
        }
        return connectionString;
    }

    /// <summary>
    /// Applies pending migrations when <c>Database:MigrateOnStartup</c> is true, or when it is unset and the
    /// environment is Development. Production databases are migrated by <c>./thoughtboard migrate</c>.
    /// </summary>
    public static async Task MigrateThoughtboardDatabaseIfConfiguredAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var environment = host.Services.GetRequiredService<IHostEnvironment>();
        if (!configuration.GetValue(MigrateOnStartupKey, environment.IsDevelopment()))
        {
            return;
        }
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ThoughtboardDataExtensions).FullName!);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<ThoughtboardDbContext>>().CreateDbContextAsync(cancellationToken);
        await MigrateAsync(db, logger, cancellationToken);
    }

    /// <summary>Applies every pending migration and reports which; returns their names.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(ThoughtboardDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        IReadOnlyList<string> pending;
        try
        {
            pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count == 0)
            {
                logger.LogInformation("Database {Database} on {Host}:{Port} is up to date.", target.Database, target.Host, target.Port);
                return pending;
            }
            logger.LogInformation("Applying {Count} migration(s) to {Database} on {Host}:{Port}: {Migrations}",
                pending.Count, target.Database, target.Host, target.Port, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"Could not migrate database '{target.Database}' on {target.Host}:{target.Port}: {ex.Message}. " +
                "Check that PostgreSQL is running and that ConnectionStrings__Thoughtboard is right.", ex);
        }
        return pending;
    }
}
