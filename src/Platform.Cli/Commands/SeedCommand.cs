using Npgsql;
using Platform.Jobs.Catalog;
using Platform.Worker.Evaluation;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>thoughtboard seed</c>: puts the built-in suites (generated from <see cref="SuiteCatalog.BuiltInSeed"/>,
/// <see cref="SuiteCatalog.BuiltInItemsPerLevel"/> items per level) and the style catalog into the database.
/// Running it again changes nothing.
/// </summary>
internal static class SeedCommand
{
    public static async Task<int> RunAsync(CommandArgs args, CommandContext context)
    {
        args.EnsureAllRead();
        try
        {
            using var database = CliDatabase.Open();
            await using var db = await database.CreateContextAsync(context.CancellationToken);
            var results = await CatalogStore.SeedAsync(db, DateTimeOffset.UtcNow, context.CancellationToken);
            foreach (var result in results.Where(r => r.Outcome != StoreOutcome.Unchanged))
            {
                context.Out.WriteLine($"{result.Outcome.ToString().ToLowerInvariant(),-9} {result.Name} {result.Version}");
            }
            var added = results.Count(r => r.Outcome == StoreOutcome.Added);
            var updated = results.Count(r => r.Outcome == StoreOutcome.Updated);
            context.Out.WriteLine(added + updated == 0
                ? $"The catalog is up to date ({results.Count} suites and styles, nothing changed)."
                : $"Seeded: {added} added, {updated} updated, {results.Count - added - updated} unchanged.");
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NpgsqlException or SuiteConflictException)
        {
            context.Error.WriteLine($"thoughtboard seed: {ex.Message}");
            if (ex is NpgsqlException)
            {
                context.Error.WriteLine("Check that PostgreSQL is running, that ConnectionStrings__Thoughtboard is right, and that `thoughtboard migrate` has run.");
            }
            return 1;
        }
    }
}
