using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Data;

namespace Platform.Cli.Commands;

/// <summary><c>thoughtboard migrate</c>: applies pending migrations; the way production databases are upgraded.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(CommandArgs args, CommandContext context)
    {
        var listOnly = args.Flag("list");
        args.EnsureAllRead();

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        try
        {
            builder.AddThoughtboardData();
            using var host = builder.Build();
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<ThoughtboardDbContext>>()
                .CreateDbContextAsync(context.CancellationToken);
            if (listOnly)
            {
                var applied = (await db.Database.GetAppliedMigrationsAsync(context.CancellationToken)).ToHashSet();
                foreach (var migration in db.Database.GetMigrations())
                {
                    context.Out.WriteLine($"{(applied.Contains(migration) ? "applied" : "pending")}  {migration}");
                }
                return 0;
            }
            var done = await ThoughtboardDataExtensions.MigrateAsync(db, NullLogger.Instance, context.CancellationToken);
            context.Out.WriteLine(done.Count == 0
                ? "The database is up to date."
                : $"Applied {done.Count} migration(s): {string.Join(", ", done)}.");
            return 0;
        }
        catch (InvalidOperationException ex)
        {
            context.Error.WriteLine($"thoughtboard migrate: {ex.Message}");
            return 1;
        }
    }
}
