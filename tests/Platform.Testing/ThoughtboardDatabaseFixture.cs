using Platform.Data;
using Xunit;

namespace Platform.Testing;

/// <summary>
/// An xunit fixture holding one migrated database for a test class (<c>IClassFixture&lt;ThoughtboardDatabaseFixture&gt;</c>)
/// or a collection. Tests that share it should not depend on each other's rows.
/// </summary>
public sealed class ThoughtboardDatabaseFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialized yet.");

    public string ConnectionString => Database.ConnectionString;

    public ThoughtboardDbContext CreateContext() => Database.CreateContext();

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(migrate: true);

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
