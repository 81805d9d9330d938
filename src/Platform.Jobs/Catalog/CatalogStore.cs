using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Datasets.Suites;
using StoredStyle = Platform.Data.Entities.ThinkingStyle;

namespace Platform.Jobs.Catalog;

public enum StoreOutcome { Added, Updated, Unchanged }

/// <summary>What storing one suite or style did.</summary>
public sealed record StoreResult(string Name, string Version, StoreOutcome Outcome, long Id);

/// <summary>A stored suite with the same name and version holds other items; storing would change what old runs mean.</summary>
public sealed class SuiteConflictException(string message) : Exception(message);

/// <summary>
/// Writes suites and styles into the database so that writing the same thing twice changes nothing: a suite is
/// identified by name and version and must keep its content hash; a style by name and version, with its
/// parameters and description brought up to date.
/// </summary>
public static class CatalogStore
{
    /// <summary>
    /// Stores a suite with its items. The same name, version and content is a no-op; a new description is an
    /// update; different items under the same name and version are refused.
    /// </summary>
    /// <exception cref="SuiteConflictException">Same name and version, different content hash.</exception>
    public static async Task<StoreResult> StoreSuiteAsync(
        ThoughtboardDbContext db, Suite suite, SuiteSource source, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Task<BenchmarkSuite?> FindAsync() =>
            db.Suites.SingleOrDefaultAsync(s => s.Name == suite.Name && s.Version == suite.Version, cancellationToken);
        var existing = await FindAsync().ConfigureAwait(false);
        if (existing is null)
        {
            await using var own = await LockNameAsync(db, $"suite:{suite.Name}:{suite.Version}", cancellationToken).ConfigureAwait(false);
            existing = await FindAsync().ConfigureAwait(false);
            if (existing is null)
            {
                var stored = SuiteCatalog.ToStored(suite, source, now);
                db.Suites.Add(stored);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                if (own is not null)
                    await own.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new StoreResult(suite.Name, suite.Version, StoreOutcome.Added, stored.Id);
            }
        }
        if (existing.ContentHash != suite.ContentHash)
        {
            throw new SuiteConflictException(
                $"The database already holds suite '{suite.Name}' version '{suite.Version}' with other items (content hash {existing.ContentHash[..12]}..., " +
                $"now {suite.ContentHash[..12]}...). Stored runs refer to those items, so they are not replaced: give the new content another name or version.");
        }
        if (existing.Description == suite.Description)
        {
            return new StoreResult(suite.Name, suite.Version, StoreOutcome.Unchanged, existing.Id);
        }
        existing.Description = suite.Description;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new StoreResult(suite.Name, suite.Version, StoreOutcome.Updated, existing.Id);
    }

    /// <summary>Stores a style row keyed by its label and version; parameters are compared as JSON values, not text.</summary>
    public static async Task<StoreResult> StoreStyleAsync(
        ThoughtboardDbContext db, StyleEntry entry, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var parameters = JsonSerializer.Serialize(entry.Style.Parameters, StoredJson.Default.StyleParameters);
        Task<StoredStyle?> FindAsync() =>
            db.Styles.SingleOrDefaultAsync(s => s.Name == entry.Name && s.Version == entry.Style.Version, cancellationToken);
        var existing = await FindAsync().ConfigureAwait(false);
        if (existing is null)
        {
            await using var own = await LockNameAsync(db, $"style:{entry.Name}:{entry.Style.Version}", cancellationToken).ConfigureAwait(false);
            existing = await FindAsync().ConfigureAwait(false);
            if (existing is null)
            {
                var stored = new StoredStyle
                {
                    Name = entry.Name,
                    Version = entry.Style.Version,
                    ParametersJson = parameters,
                    Description = entry.Description,
                    CreatedAt = now,
                };
                db.Styles.Add(stored);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                if (own is not null)
                    await own.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new StoreResult(entry.Name, entry.Style.Version, StoreOutcome.Added, stored.Id);
            }
        }
        // jsonb hands the object back with its own key order and spacing, so only the values are compared.
        if (JsonNode.DeepEquals(JsonNode.Parse(existing.ParametersJson), JsonNode.Parse(parameters)) && existing.Description == entry.Description)
        {
            return new StoreResult(entry.Name, entry.Style.Version, StoreOutcome.Unchanged, existing.Id);
        }
        existing.ParametersJson = parameters;
        existing.Description = entry.Description;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new StoreResult(entry.Name, entry.Style.Version, StoreOutcome.Updated, existing.Id);
    }

    /// <summary>
    /// Makes concurrent writers of one catalog row (two first submissions of a built-in suite) take turns: the second
    /// waits for the first's transaction and then finds its row, instead of failing on the unique index. The lock is
    /// PostgreSQL's transaction-scoped advisory lock, so it is taken in the caller's transaction; without one, in a
    /// transaction of its own that the caller commits after the insert (disposing it unused rolls back).
    /// </summary>
    private static async Task<IDbContextTransaction?> LockNameAsync(ThoughtboardDbContext db, string key, CancellationToken cancellationToken)
    {
        var own = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : null;
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"catalog:" + key}))", cancellationToken).ConfigureAwait(false);
        return own;
    }

    /// <summary>
    /// Every built-in suite (all levels, <see cref="SuiteCatalog.BuiltInSeed"/>, <see cref="SuiteCatalog.BuiltInItemsPerLevel"/>
    /// items per level) and every catalog style, in one transaction.
    /// </summary>
    public static async Task<IReadOnlyList<StoreResult>> SeedAsync(ThoughtboardDbContext db, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var results = new List<StoreResult>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in BuiltInSuites.Names)
        {
            results.Add(await StoreSuiteAsync(db, SuiteCatalog.BuiltIn(name), SuiteSource.Builtin, now, cancellationToken).ConfigureAwait(false));
        }
        foreach (var style in StyleCatalog.StoredStyles)
        {
            results.Add(await StoreStyleAsync(db, style, now, cancellationToken).ConfigureAwait(false));
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return results;
    }
}
