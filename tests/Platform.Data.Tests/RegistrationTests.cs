using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Testing;

namespace Platform.Data.Tests;

public sealed class RegistrationTests(ThoughtboardDatabaseFixture fixture) : IClassFixture<ThoughtboardDatabaseFixture>
{
    [Fact]
    public async Task AddThoughtboardData_provides_a_context_factory_and_scoped_contexts_on_the_configured_database()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Thoughtboard"] = fixture.ConnectionString });
        builder.AddThoughtboardData();
        using var host = builder.Build();

        await using var fromFactory = await host.Services.GetRequiredService<IDbContextFactory<ThoughtboardDbContext>>().CreateDbContextAsync();
        using var scope = host.Services.CreateScope();
        var scoped = scope.ServiceProvider.GetRequiredService<ThoughtboardDbContext>();

        Assert.Equal(fixture.Database.Name, fromFactory.Database.GetDbConnection().Database);
        Assert.Empty(await scoped.Database.GetPendingMigrationsAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void A_missing_connection_string_names_the_setting_to_provide(string? value)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Thoughtboard"] = value });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddThoughtboardData());

        Assert.Contains("ConnectionStrings__Thoughtboard", error.Message);
    }

    [Fact]
    public void A_malformed_connection_string_is_reported_without_echoing_it()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Thoughtboard"] = "Host=x;Pasword=secret123" });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddThoughtboardData());

        Assert.Contains("not a valid PostgreSQL connection string", error.Message);
        Assert.DoesNotContain("secret123", error.Message);
    }
}
