using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;

namespace Platform.Worker.Jobs;

/// <summary>The rows a run job reads, each in a short-lived context.</summary>
internal static class ContextFactoryExtensions
{
    public static async Task<Run?> LoadRunAsync(this IDbContextFactory<ThoughtboardDbContext> contexts, long runId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().Include(r => r.Model).Include(r => r.Suite).Include(r => r.Style)
            .FirstOrDefaultAsync(r => r.Id == runId, ct);
    }

    /// <summary>The suite's items in their stored order.</summary>
    public static async Task<List<SuiteItem>> LoadItemsAsync(this IDbContextFactory<ThoughtboardDbContext> contexts, long suiteId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.SuiteItems.AsNoTracking().Where(i => i.SuiteId == suiteId).OrderBy(i => i.Position).ThenBy(i => i.Id).ToListAsync(ct);
    }

    /// <summary>Keys of the items whose results are stored: a resumed run skips them.</summary>
    public static async Task<HashSet<string>> LoadDoneItemsAsync(this IDbContextFactory<ThoughtboardDbContext> contexts, long runId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var keys = await db.ItemResults.Where(r => r.RunId == runId && r.SampleIndex == 0).Select(r => r.Item.Key).ToListAsync(ct);
        return keys.ToHashSet(StringComparer.Ordinal);
    }

    public static async Task<T> Run<T>(this IDbContextFactory<ThoughtboardDbContext> contexts, Func<ThoughtboardDbContext, Task<T>> query, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await query(db);
    }
}
