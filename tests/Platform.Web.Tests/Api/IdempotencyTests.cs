using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;
using Platform.Testing;
using Platform.Web.Tests.Auth;

namespace Platform.Web.Tests.Api;

public sealed class IdempotencyTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private const string Password = "an administrator's password";

    private static HttpRequestMessage Post(string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static object Submission(string model, long seed) =>
        new { model, suites = new[] { "arithmetic" }, styles = new[] { "direct" }, limit = 2, seed };

    [Fact]
    public async Task Concurrent_requests_with_one_key_create_one_api_key_and_its_secret_is_never_stored_or_replayed()
    {
        await using var app = new ApiTestApp(database.Database);
        var admin = await app.SignedInClientAsync(await app.AddUserAsync($"{Guid.NewGuid():N}@example.org", Password, UserRole.Admin), Password);
        var name = $"ci-{Guid.NewGuid():N}"[..20];
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            using var request = Post("/api/admin/keys", new { name }, key);
            return await admin.SendAsync(request);
        })));

        var created = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r != created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        await using (var db = app.Db())
        {
            Assert.Equal(1, await db.ApiKeys.CountAsync(k => k.Name == name));
            var record = await db.IdempotencyRecords.SingleAsync(r => r.Key == key);
            Assert.True(record.SecretWithheld);
            Assert.Equal(201, record.ResponseStatusCode);
            Assert.DoesNotContain(secret, record.ResponseJson);
            Assert.Equal("null", record.ResponseJson);
        }

        using var retry = Post("/api/admin/keys", new { name }, key);
        var replay = await AuthTests.AssertProblemAsync(await admin.SendAsync(retry), HttpStatusCode.Conflict);
        Assert.Contains("shown only once", replay.GetProperty("detail").GetString());
        Assert.DoesNotContain(secret, replay.GetRawText());
        await using var check = app.Db();
        Assert.Equal(1, await check.ApiKeys.CountAsync(k => k.Name == name));
    }

    [Fact]
    public async Task A_key_still_being_processed_gets_409_with_retry_after_and_runs_nothing()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var key = Guid.NewGuid().ToString();
        using (var first = Post("/api/submissions", Submission(model.Name, seed: 1), key))
        {
            Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(first)).StatusCode);
        }
        // Turned back into the reservation a request that has not finished holds.
        await using (var db = app.Db())
        {
            await db.IdempotencyRecords.Where(r => r.Key == key)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.ResponseStatusCode, (int?)null).SetProperty(r => r.ResponseJson, "null")
                    .SetProperty(r => r.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(5)));
        }
        var rows = await app.CountRowsAsync();

        using var same = Post("/api/submissions", Submission(model.Name, seed: 1), key);
        var pending = await client.SendAsync(same);
        using var other = Post("/api/submissions", Submission(model.Name, seed: 2), key);
        var mismatch = await client.SendAsync(other);

        var problem = await AuthTests.AssertProblemAsync(pending, HttpStatusCode.Conflict);
        Assert.Contains("still being processed", problem.GetProperty("detail").GetString());
        Assert.Equal("1", pending.Headers.GetValues("Retry-After").Single());
        await AuthTests.AssertProblemAsync(mismatch, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(rows, await app.CountRowsAsync());
    }

    [Fact]
    public async Task Keys_are_scoped_per_principal_and_anonymous_callers_get_no_idempotency()
    {
        await using var app = new ApiTestApp(database.Database);
        var (first, _) = await app.ClientWithKeyAsync();
        var (second, _) = await app.ClientWithKeyAsync();
        var alice = await app.SignedInClientAsync(await app.AddUserAsync($"{Guid.NewGuid():N}@example.org", Password, UserRole.Member), Password);
        var bob = await app.SignedInClientAsync(await app.AddUserAsync($"{Guid.NewGuid():N}@example.org", Password, UserRole.Member), Password);
        var model = await app.AddModelAsync();
        var key = Guid.NewGuid().ToString();

        var ids = new List<long>();
        foreach (var client in new[] { first, second, alice, bob })
        {
            using var request = Post("/api/submissions", Submission(model.Name, seed: 3), key);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.False(response.Headers.Contains("Idempotent-Replayed"));
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }

        Assert.Equal(4, ids.Distinct().Count());
        await using var db = app.Db();
        Assert.Equal(4, await db.IdempotencyRecords.CountAsync(r => r.Key == key));

        var anonymousKey = Guid.NewGuid().ToString();
        using var signIn = Post("/api/account/sign-in", new { userName = "nobody@example.org", password = "wrong" }, anonymousKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().SendAsync(signIn)).StatusCode);
        Assert.False(await db.IdempotencyRecords.AnyAsync(r => r.Key == anonymousKey));
    }

    [Fact]
    public async Task A_request_that_throws_releases_its_key_for_the_retry()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var key = Guid.NewGuid().ToString();

        // Malformed JSON makes the endpoint's binding throw, past the idempotency layer, before any answer exists.
        using var broken = new HttpRequestMessage(HttpMethod.Post, "/api/submissions")
        {
            Content = new StringContent("{\"model\": ", System.Text.Encoding.UTF8, "application/json"),
        };
        broken.Headers.Add("Idempotency-Key", key);
        await AuthTests.AssertProblemAsync(await client.SendAsync(broken), HttpStatusCode.BadRequest);
        await using (var db = app.Db())
        {
            Assert.False(await db.IdempotencyRecords.AnyAsync(r => r.Key == key), "the failed request kept its key reserved");
        }

        using var retry = Post("/api/submissions", Submission(model.Name, seed: 5), key);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(retry)).StatusCode);
    }

    [Fact]
    public async Task A_key_whose_record_expired_runs_as_a_new_request()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, apiKey) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var key = Guid.NewGuid().ToString();
        await using (var db = app.Db())
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Key = key, ApiKeyId = apiKey.Id, RequestHash = new string('0', 64), ResponseStatusCode = 201, ResponseJson = """{"id": -1}""",
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-2), ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1),
            });
            await db.SaveChangesAsync();
        }

        using var request = Post("/api/submissions", Submission(model.Name, seed: 4), key);
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        await using var check = app.Db();
        var record = await check.IdempotencyRecords.SingleAsync(r => r.Key == key);
        Assert.NotEqual(new string('0', 64), record.RequestHash);
        Assert.True(record.ExpiresAt > DateTimeOffset.UtcNow.AddHours(23));
    }
}
