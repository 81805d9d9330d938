using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Platform.Data;

namespace Platform.Testing;

/// <summary>
/// A uniquely named PostgreSQL database on the test server, dropped on dispose. The server is the one
/// named by the admin connection string in <c>THOUGHTBOARD_TEST_DB</c>, which <c>./thoughtboard test</c> sets.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string AdminConnectionVariable = "THOUGHTBOARD_TEST_DB";

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>Connection string of this database, with the admin's credentials.</summary>
    public string ConnectionString { get; }

    /// <summary>The connection string from <c>THOUGHTBOARD_TEST_DB</c>, for a user that may create databases.</summary>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public static string AdminConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(AdminConnectionVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"These tests need PostgreSQL: run ./thoughtboard test, or set {AdminConnectionVariable} to a connection string " +
                    "of a user that may create databases (e.g. \"Host=127.0.0.1;Port=5432;Database=postgres;Username=postgres;Password=...\").");
            }
            return value;
        }
    }

    /// <summary>Creates an empty database; with <paramref name="migrate"/> it also applies every migration.</summary>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true, CancellationToken cancellationToken = default)
    {
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        var name = $"tb_test_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        var database = new TestDatabase(name, new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name }.ConnectionString);
        if (migrate)
        {
            await database.MigrateAsync(cancellationToken: cancellationToken);
        }
        return database;
    }

    public DbContextOptions<ThoughtboardDbContext> Options =>
        ((DbContextOptionsBuilder<ThoughtboardDbContext>)ThoughtboardDataExtensions.UseThoughtboardDatabase(
            new DbContextOptionsBuilder<ThoughtboardDbContext>(), ConnectionString)).Options;

    /// <summary>A new context on this database; dispose it after use.</summary>
    public ThoughtboardDbContext CreateContext() => new(Options);

    /// <summary>Migrates to <paramref name="targetMigration"/> (a migration name, or "0" for an empty schema), or to the latest.</summary>
    public async Task MigrateAsync(string? targetMigration = null, CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        await db.GetService<IMigrator>().MigrateAsync(targetMigration, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled connections would keep the database busy; FORCE ends any that remain (PostgreSQL 13+).
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
