using System.Net;
using System.Net.Http.Json;
using Platform.Testing;

namespace Platform.Web.Tests.Auth;

/// <summary>Every request comes from 10.0.0.5, as if a reverse proxy there passed on every client's request.</summary>
public sealed class ForwardedHeadersTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.5");

    [Fact]
    public async Task By_default_x_forwarded_for_is_ignored_so_a_client_cannot_pick_a_fresh_bucket()
    {
        await using var app = new SecuredApp(database.Database, Limits(), Proxy);

        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await AttemptFrom(app, "203.0.113.1")).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await AttemptFrom(app, "203.0.113.2")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AttemptFrom(app, "203.0.113.3")).StatusCode);
        var https = await AttemptFrom(app, "203.0.113.4", proto: "https");
        Assert.Equal(HttpStatusCode.TooManyRequests, https.StatusCode);
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("10.0.0.0/24")]
    public async Task A_configured_proxy_is_believed_and_each_client_has_its_own_bucket(string trusted)
    {
        var user = $"proxied-{Guid.NewGuid():N}@example.org";
        await using var app = new SecuredApp(database.Database, Limits(trusted), Proxy);
        await app.AddUserAsync(user, "proxied password");

        Assert.Equal(HttpStatusCode.Unauthorized, (await AttemptFrom(app, "203.0.113.1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AttemptFrom(app, "203.0.113.1")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AttemptFrom(app, "203.0.113.1")).StatusCode);
        // A spoofed hop before the client does not help: only the address the trusted proxy saw counts.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AttemptFrom(app, "198.51.100.7, 203.0.113.1")).StatusCode);

        var other = await AttemptFrom(app, "203.0.113.2", proto: "https", userName: user, password: "proxied password");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Contains("secure", other.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("thoughtboard=")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unusable_trusted_proxy_setting_stops_start_up_naming_it()
    {
        await using var app = new SecuredApp(database.Database, new Dictionary<string, string?> { ["Security:TrustedProxies:0"] = "10.0.0.300" });

        var error = Assert.ThrowsAny<Exception>(() => app.Client());

        Assert.Contains("Security:TrustedProxies:0", error.ToString());
    }

    private static Dictionary<string, string?> Limits(string? trusted = null)
    {
        var settings = new Dictionary<string, string?> { ["Security:SignInAttemptsPerMinute"] = "2" };
        if (trusted is not null)
        {
            settings["Security:TrustedProxies:0"] = trusted;
        }
        return settings;
    }

    private static async Task<HttpResponseMessage> AttemptFrom(
        SecuredApp app, string forwardedFor, string proto = "http", string userName = "nobody@example.org", string password = "a guess")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/sign-in") { Content = JsonContent.Create(new { userName, password }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", proto);
        return await app.Client().SendAsync(request);
    }
}
