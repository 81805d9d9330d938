using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Testing;

namespace Platform.Data.Tests;

public sealed class MigrationTests
{
    private static readonly string[] ExpectedTables =
    [
        "ApiKeys", "IdempotencyRecords", "ItemResults", "Models", "RunAggregates", "Runs", "Styles",
        "SubmissionStyles", "SubmissionSuites", "Submissions", "SuiteItems", "Suites", "Users", "Workers",
    ];

    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_create_every_table()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        Assert.Empty(await TablesAsync(database));

        await database.MigrateAsync();

        Assert.Equal(ExpectedTables, (await TablesAsync(database)).Where(t => t != "__EFMigrationsHistory"));
        await using var db = database.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Migrating_down_to_zero_removes_every_table_and_up_again_restores_them()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: true);

        await database.MigrateAsync("0");
        Assert.Equal(["__EFMigrationsHistory"], await TablesAsync(database));
        await using (var db = database.CreateContext())
        {
            Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
        }

        await database.MigrateAsync();
        Assert.Equal(ExpectedTables, (await TablesAsync(database)).Where(t => t != "__EFMigrationsHistory"));
    }

    [Fact]
    public async Task The_model_has_no_changes_missing_from_the_migrations()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using var db = database.CreateContext();
        // Fails when an entity or configuration changed without `dotnet ef migrations add`.
        Assert.False(db.Database.HasPendingModelChanges());
    }

    private static async Task<List<string>> TablesAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name COLLATE \"C\"", connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }
}
