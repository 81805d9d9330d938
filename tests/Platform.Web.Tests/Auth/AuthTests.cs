using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Data.Entities;
using Platform.Testing;
using Platform.Web.Tests.Api;

namespace Platform.Web.Tests.Auth;

public sealed class AuthTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    [Fact]
    public async Task No_key_gets_401_problem_explaining_how_to_authenticate()
    {
        await using var app = new ApiTestApp(database.Database);
        var response = await app.CreateClient().GetAsync("/api/models");

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Authorization: Bearer", problem.GetProperty("detail").GetString());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Unknown_and_malformed_keys_get_401()
    {
        await using var app = new ApiTestApp(database.Database);
        var client = app.CreateClient();

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-key");
        var malformed = await AssertProblemAsync(await client.GetAsync("/api/models"), HttpStatusCode.Unauthorized);
        Assert.Contains("not a Thoughtboard API key", malformed.GetProperty("detail").GetString());

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "tb_0123456789ab_guessedsecret");
        var unknown = await AssertProblemAsync(await client.GetAsync("/api/models"), HttpStatusCode.Unauthorized);
        Assert.Contains("Unknown API key", unknown.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Revoked_key_gets_401_and_valid_key_gets_200()
    {
        await using var app = new ApiTestApp(database.Database);
        var (revoked, _) = await app.ClientWithKeyAsync(revoked: true);
        var (valid, key) = await app.ClientWithKeyAsync();

        var problem = await AssertProblemAsync(await revoked.GetAsync("/api/models"), HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString());

        var me = await valid.GetFromJsonAsync<JsonElement>("/api/account/me");
        Assert.Equal(key.Name, me.GetProperty("name").GetString());
        Assert.Equal("api-key", me.GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.OK, (await valid.GetAsync("/api/models")).StatusCode);
    }

    [Fact]
    public async Task Admin_endpoints_answer_403_to_api_keys_and_members_and_200_to_admins()
    {
        await using var app = new ApiTestApp(database.Database);
        var (keyClient, _) = await app.ClientWithKeyAsync();
        await AssertProblemAsync(await keyClient.GetAsync("/api/admin/keys"), HttpStatusCode.Forbidden);

        await app.AddUserAsync("member@example.org", "member password 1", UserRole.Member);
        var member = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await member.PostAsJsonAsync("/api/account/sign-in", new { userName = "member@example.org", password = "member password 1" })).StatusCode);
        await AssertProblemAsync(await member.GetAsync("/api/admin/keys"), HttpStatusCode.Forbidden);

        await app.AddUserAsync("admin@example.org", "admin password 1", UserRole.Admin);
        var admin = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/account/sign-in", new { userName = "admin@example.org", password = "admin password 1" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/keys")).StatusCode);
    }

    [Fact]
    public async Task Wrong_password_gets_401_and_no_cookie()
    {
        await using var app = new ApiTestApp(database.Database);
        await app.AddUserAsync("someone@example.org", "right password", UserRole.Admin);
        var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/account/sign-in", new { userName = "someone@example.org", password = "wrong password" });

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        await AssertProblemAsync(await client.GetAsync("/api/admin/keys"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Admin_issues_a_key_that_works_once_shown_and_stops_working_when_revoked()
    {
        await using var app = new ApiTestApp(database.Database);
        await app.AddUserAsync("keys@example.org", "admin password 2", UserRole.Admin);
        var admin = app.CreateClient();
        await admin.PostAsJsonAsync("/api/account/sign-in", new { userName = "keys@example.org", password = "admin password 2" });

        var created = await (await admin.PostAsJsonAsync("/api/admin/keys", new { name = "ci", requestsPerMinute = 30 })).Content.ReadFromJsonAsync<JsonElement>();
        var secret = created.GetProperty("secret").GetString()!;
        var id = created.GetProperty("key").GetProperty("id").GetInt64();
        var listed = await admin.GetStringAsync("/api/admin/keys");
        Assert.DoesNotContain(secret, listed);

        var program = app.CreateClient();
        program.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await program.GetAsync("/api/models")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/admin/keys/{id}")).StatusCode);
        await AssertProblemAsync(await program.GetAsync("/api/models"), HttpStatusCode.Unauthorized);
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}
