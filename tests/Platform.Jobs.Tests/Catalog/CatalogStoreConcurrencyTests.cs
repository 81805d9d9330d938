using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Jobs.Catalog;
using Platform.Testing;

namespace Platform.Jobs.Tests.Catalog;

/// <summary>
/// Two first submissions of the same built-in suite or style, each in its own transaction (as the submission service
/// stores them), against PostgreSQL: the second waits for the first and finds its row instead of failing on the
/// unique index.
/// </summary>
public sealed class CatalogStoreConcurrencyTests(ThoughtboardDatabaseFixture fixture) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_second_writer_of_a_new_suite_waits_for_the_first_and_gets_its_row()
    {
        var suite = SuiteCatalog.BuiltIn("game24@1");
        var (added, found) = await TwoWritersAsync(db => CatalogStore.StoreSuiteAsync(db, suite, SuiteSource.Builtin, Now));

        Assert.Equal(StoreOutcome.Added, added.Outcome);
        Assert.Equal(StoreOutcome.Unchanged, found.Outcome);
        Assert.Equal(added.Id, found.Id);
        await using var read = fixture.CreateContext();
        Assert.Equal(1, await read.Suites.CountAsync(s => s.Name == suite.Name && s.Version == suite.Version));
    }

    [Fact]
    public async Task A_second_writer_of_a_new_style_waits_for_the_first_and_gets_its_row()
    {
        var entry = StyleCatalog.StoredStyles.First(s => s.Name == "cot");
        var (added, found) = await TwoWritersAsync(db => CatalogStore.StoreStyleAsync(db, entry, Now));

        Assert.Equal(StoreOutcome.Added, added.Outcome);
        Assert.Equal(StoreOutcome.Unchanged, found.Outcome);
        Assert.Equal(added.Id, found.Id);
    }

    /// <summary>
    /// The first writer stores in an open transaction; the second starts while it is open and must still be waiting
    /// when the first commits.
    /// </summary>
    private async Task<(StoreResult Added, StoreResult Found)> TwoWritersAsync(Func<ThoughtboardDbContext, Task<StoreResult>> store)
    {
        await using var first = fixture.CreateContext();
        await using var second = fixture.CreateContext();
        await using var firstTransaction = await first.Database.BeginTransactionAsync();
        var added = await store(first);

        await using var secondTransaction = await second.Database.BeginTransactionAsync();
        var waiting = store(second);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the second writer did not wait for the first one's transaction");
        await firstTransaction.CommitAsync();
        var found = await waiting;
        await secondTransaction.CommitAsync();
        return (added, found);
    }

    [Fact]
    public async Task Without_a_caller_s_transaction_a_new_row_is_committed_at_once()
    {
        var suite = SuiteCatalog.BuiltIn("game24@2");
        await using (var db = fixture.CreateContext())
        {
            Assert.Equal(StoreOutcome.Added, (await CatalogStore.StoreSuiteAsync(db, suite, SuiteSource.Builtin, Now)).Outcome);
            Assert.Null(db.Database.CurrentTransaction);
        }
        await using var read = fixture.CreateContext();
        Assert.Equal(1, await read.Suites.CountAsync(s => s.Name == suite.Name && s.Version == suite.Version));
    }
}
