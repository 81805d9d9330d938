using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Platform.Testing;
using Platform.Web.Tests.Auth;

namespace Platform.Web.Tests.Api;

/// <summary>The review's probes against POST /api/models: each is refused with a 400 naming the rule, and nothing is stored.</summary>
public sealed class ModelUrlSafetyTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private static readonly string Hash = new('a', 64);

    [Theory]
    [InlineData("https://127.0.0.1:5080/x.gguf", "loopback")]
    [InlineData("https://[::1]/x.gguf", "loopback")]
    [InlineData("https://0x7f000001/x.gguf", "loopback")]
    [InlineData("https://2130706433/x.gguf", "loopback")]
    [InlineData("https://localhost/x.gguf", "loopback")]
    [InlineData("https://10.0.0.1/x.gguf", "private")]
    [InlineData("https://172.16.5.4/x.gguf", "private")]
    [InlineData("https://192.168.1.1/x.gguf", "private")]
    [InlineData("https://100.64.0.1/x.gguf", "carrier-grade NAT")]
    [InlineData("https://169.254.169.254/latest/x.gguf", "link-local")]
    [InlineData("https://[fe80::1]/x.gguf", "link-local")]
    [InlineData("https://[fd00:ec2::254]/x.gguf", "unique-local")]
    [InlineData("https://[ff02::1]/x.gguf", "multicast")]
    [InlineData("https://0.0.0.0/x.gguf", "unspecified")]
    [InlineData("https://[::]/x.gguf", "unspecified")]
    [InlineData("https://255.255.255.255/x.gguf", "broadcast")]
    [InlineData("https://[::ffff:127.0.0.1]/x.gguf", "IPv4-mapped form of a loopback")]
    [InlineData("https://mapped.example.org/x.gguf", "IPv4-mapped form of a link-local")]
    [InlineData("https://mixed.example.org/x.gguf", "10.1.2.3, a private address")]
    [InlineData("https://no-such-host.invalid/x.gguf", "could not be resolved")]
    public async Task A_url_whose_host_is_not_public_is_refused_and_nothing_is_stored(string url, string reason)
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var before = await app.CountRowsAsync();

        var response = await client.PostAsJsonAsync("/api/models", new { name = "probe-" + Guid.NewGuid().ToString("N")[..8], url, sha256 = Hash });

        var problem = await AuthTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(reason, problem.GetProperty("errors").GetProperty("url")[0].GetString());
        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Theory]
    [InlineData("https://user:secret@models.example.org/x.gguf")]
    [InlineData("https://:secret@models.example.org/x.gguf")]
    [InlineData("https://secret@models.example.org/x.gguf")]
    public async Task A_url_with_credentials_is_refused_without_storing_or_repeating_them(string url)
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var before = await app.CountRowsAsync();

        var response = await client.PostAsJsonAsync("/api/models", new { name = "creds-" + Guid.NewGuid().ToString("N")[..8], url, sha256 = Hash });

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("user name or password", body);
        Assert.DoesNotContain("secret", body);
        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Fact]
    public async Task A_public_host_is_accepted()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();

        var response = await client.PostAsJsonAsync("/api/models",
            new { name = "public-" + Guid.NewGuid().ToString("N")[..8], url = "https://models.example.org/org/m.gguf", sha256 = Hash });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_url_or_path_over_2048_characters_gets_400_instead_of_a_database_error()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var before = await app.CountRowsAsync();
        var longPath = new string('a', 2100) + ".gguf";

        var url = await AuthTests.AssertProblemAsync(await client.PostAsJsonAsync("/api/models",
            new { name = "long-url", url = "https://models.example.org/" + longPath, sha256 = Hash }), HttpStatusCode.BadRequest);
        var path = await AuthTests.AssertProblemAsync(await client.PostAsJsonAsync("/api/models",
            new { name = "long-path", path = longPath }), HttpStatusCode.BadRequest);

        Assert.Contains("at most 2048", url.GetProperty("errors").GetProperty("url")[0].GetString());
        Assert.Contains("at most 2048", path.GetProperty("errors").GetProperty("path")[0].GetString());
        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Fact]
    public async Task A_taken_name_is_answered_before_the_file_is_read()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var name = "taken-" + Guid.NewGuid().ToString("N")[..8];
        await File.WriteAllBytesAsync(Path.Combine(app.ModelFolder, "first.gguf"), [.. "GGUF"u8, 3, 0, 0, 0, .. RandomNumberGenerator.GetBytes(32)]);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/models", new { name, path = "first.gguf" })).StatusCode);
        // Not a GGUF file: reading it would answer 400, so a 409 shows the name was checked first.
        await File.WriteAllTextAsync(Path.Combine(app.ModelFolder, "second.gguf"), "not a model");
        var before = await app.CountRowsAsync();

        var response = await client.PostAsJsonAsync("/api/models", new { name, path = "second.gguf" });

        await AuthTests.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Fact]
    public void The_web_app_does_not_start_with_a_download_limit_below_one_byte()
    {
        using var app = new ApiTestApp(database.Database, new Dictionary<string, string?> { ["ModelDownloads:MaxBytes"] = "0" });

        var error = Assert.ThrowsAny<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("ModelDownloads:MaxBytes must be at least 1 (it is 0)", error.Message);
    }
}
