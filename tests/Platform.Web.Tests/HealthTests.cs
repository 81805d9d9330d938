using System.Net;
using System.Net.Sockets;
using Platform.Testing;

namespace Platform.Web.Tests;

public sealed class HealthTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    [Fact]
    public async Task Live_answers_200()
    {
        await using var app = new ThoughtboardWebFactory(database.ConnectionString);
        var response = await app.CreateClient().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_answers_200_on_a_migrated_database()
    {
        await using var app = new ThoughtboardWebFactory(database.ConnectionString);
        var response = await app.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"Healthy\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_answers_503_naming_the_pending_migrations()
    {
        await using var empty = await TestDatabase.CreateAsync(migrate: false);
        await using var app = new ThoughtboardWebFactory(empty.ConnectionString, migrateOnStartup: false);
        var client = app.CreateClient();

        var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("InitialSchema", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Ready_answers_503_when_postgres_is_unreachable()
    {
        var unreachable = $"Host=127.0.0.1;Port={ClosedPort()};Database=thoughtboard;Username=nobody;Password=none;Timeout=3";
        await using var app = new ThoughtboardWebFactory(unreachable, migrateOnStartup: false);
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Development_start_up_applies_pending_migrations()
    {
        await using var empty = await TestDatabase.CreateAsync(migrate: false);
        await using var app = new ThoughtboardWebFactory(empty.ConnectionString, migrateOnStartup: null);

        var response = await app.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_missing_connection_string_stops_start_up_with_a_clear_message()
    {
        await using var app = new ThoughtboardWebFactory("");
        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());
        Assert.Contains("ConnectionStrings__Thoughtboard", error.Message);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
