using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Testing;
using Platform.Web.Tests.Auth;

namespace Platform.Web.Tests.Api;

public sealed class SubmissionTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private static object Request(string model, long seed, object? settings = null, string[]? suites = null, string[]? styles = null, int? samples = null, int? limit = 5) => new
    {
        model,
        suites = suites ?? ["arithmetic", "game24@2-3"],
        styles = styles ?? ["direct", "cot"],
        settings = settings ?? new { temperature = 0.7, topP = 0.95, topK = 40, minP = 0.05, maxTokens = 512 },
        samples,
        limit,
        seed,
    };

    [Fact]
    public async Task A_valid_submission_creates_one_run_per_suite_and_style_and_can_be_read_and_cancelled()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();

        var response = await client.PostAsJsonAsync("/api/submissions", Request(model.Name, seed: 1));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var submission = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = submission.GetProperty("id").GetInt64();
        Assert.Equal($"/api/submissions/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("queued", submission.GetProperty("state").GetString());
        Assert.Equal(["arithmetic", "game24"], submission.GetProperty("suites").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(4, submission.GetProperty("runs").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, submission.GetProperty("duplicateOf").ValueKind);

        await using (var db = app.Db())
        {
            var runs = await db.Runs.Where(r => r.SubmissionId == id).ToListAsync();
            Assert.All(runs, r => Assert.NotNull(r.HangfireJobId));
            Assert.All(runs, r => Assert.Equal(5, r.ItemsTotal));
            Assert.Contains("\"topK\": 40", runs[0].DecodingSettingsJson);
        }

        var run = submission.GetProperty("runs")[0].GetProperty("id").GetInt64();
        var read = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{run}");
        Assert.Equal(0, read.GetProperty("progress").GetDouble());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/runs/{run}/items?verdict=noanswer&level=2")).StatusCode);

        var cancelled = await client.PostAsync($"/api/submissions/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
        var after = await cancelled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.All(after.GetProperty("runs").EnumerateArray(), r => Assert.Equal("cancelled", r.GetProperty("state").GetString()));
        await AuthTests.AssertProblemAsync(await client.PostAsync($"/api/submissions/{id}/cancel", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_list_holds_only_the_callers_submissions_newest_first()
    {
        await using var app = new ApiTestApp(database.Database);
        var (mine, _) = await app.ClientWithKeyAsync();
        var (theirs, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var first = (await (await mine.PostAsJsonAsync("/api/submissions", Request(model.Name, seed: 20))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var second = (await (await mine.PostAsJsonAsync("/api/submissions", Request(model.Name, seed: 21))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await theirs.PostAsJsonAsync("/api/submissions", Request(model.Name, seed: 22));

        var page = await mine.GetFromJsonAsync<JsonElement>("/api/submissions");

        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal([second, first], page.GetProperty("submissions").EnumerateArray().Select(s => s.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task A_database_error_is_a_500_problem_not_an_html_page()
    {
        // A database without Thoughtboard's tables: the leaderboard query fails inside the endpoint.
        await using var unmigrated = await TestDatabase.CreateAsync(migrate: false);
        // Production renders unhandled errors with the site's HTML error page; the API must still answer JSON.
        await using var app = new ApiTestApp(unmigrated, new Dictionary<string, string?> { ["environment"] = "Production" });

        await AuthTests.AssertProblemAsync(await app.CreateClient().GetAsync("/api/leaderboard"), HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task Only_the_submitter_may_read_or_cancel_and_others_get_404()
    {
        await using var app = new ApiTestApp(database.Database);
        var (owner, _) = await app.ClientWithKeyAsync();
        var (stranger, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var id = (await (await owner.PostAsJsonAsync("/api/submissions", Request(model.Name, seed: 2))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await AuthTests.AssertProblemAsync(await stranger.PostAsync($"/api/submissions/{id}/cancel", null), HttpStatusCode.NotFound);
        await AuthTests.AssertProblemAsync(await stranger.GetAsync($"/api/submissions/{id}"), HttpStatusCode.NotFound);
        await using var db = app.Db();
        Assert.All(await db.Runs.Where(r => r.SubmissionId == id).ToListAsync(), r => Assert.Equal(Platform.Data.Entities.RunState.Queued, r.State));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/submissions/{id}")).StatusCode);
    }

    [Fact]
    public async Task Invalid_requests_get_400_with_field_errors_and_store_nothing()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var before = await app.CountRowsAsync();

        var cases = new (object Body, string Field)[]
        {
            (Request("no-such-model", 3), "model"),
            (Request(model.Name, 3, suites: ["no-such-suite"]), "suites"),
            (Request(model.Name, 3, suites: ["game24@0-9"]), "suites"),
            (Request(model.Name, 3, suites: []), "suites"),
            (Request(model.Name, 3, styles: ["telepathy"]), "styles"),
            (Request(model.Name, 3, styles: ["cot+sc1"]), "styles"),
            (Request(model.Name, 3, settings: new { temperature = 3.5 }), "settings.temperature"),
            (Request(model.Name, 3, settings: new { topP = 0 }), "settings.topP"),
            (Request(model.Name, 3, settings: new { topK = -1 }), "settings.topK"),
            (Request(model.Name, 3, settings: new { minP = 1.5 }), "settings.minP"),
            (Request(model.Name, 3, settings: new { maxTokens = 0 }), "settings.maxTokens"),
            (Request(model.Name, 3, samples: 0), "samples"),
            (Request(model.Name, 3, limit: 0), "limit"),
            (Request(model.Name, -1), "seed"),
        };
        foreach (var (body, field) in cases)
        {
            var problem = await AuthTests.AssertProblemAsync(await client.PostAsJsonAsync("/api/submissions", body), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for {field}: {problem}");
            Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        }

        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Fact]
    public async Task Transport_errors_are_problem_documents_and_store_nothing()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var before = await app.CountRowsAsync();

        var oversized = new StringContent($$"""{"model": "{{new string('x', 70 * 1024)}}"}""", Encoding.UTF8, "application/json");
        await AuthTests.AssertProblemAsync(await client.PostAsync("/api/submissions", oversized), HttpStatusCode.RequestEntityTooLarge);

        var malformed = await AuthTests.AssertProblemAsync(
            await client.PostAsync("/api/submissions", new StringContent("""{"model": "m", "seed": "soon"}""", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);
        Assert.Contains("$.seed", malformed.GetProperty("detail").GetString());

        await AuthTests.AssertProblemAsync(
            await client.PostAsync("/api/submissions", new StringContent("model=m", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        await AuthTests.AssertProblemAsync(await client.PutAsync("/api/submissions", JsonContent.Create(new { })), HttpStatusCode.MethodNotAllowed);
        await AuthTests.AssertProblemAsync(await client.GetAsync("/api/submissions/999999"), HttpStatusCode.NotFound);
        await AuthTests.AssertProblemAsync(await client.GetAsync("/api/no-such-endpoint"), HttpStatusCode.NotFound);

        Assert.Equal(before, await app.CountRowsAsync());
    }

    [Fact]
    public async Task Malformed_json_names_the_field_outside_development_too()
    {
        await using var app = new ApiTestApp(database.Database, new Dictionary<string, string?> { ["environment"] = "Production" });
        var (client, _) = await app.ClientWithKeyAsync();

        var problem = await AuthTests.AssertProblemAsync(
            await client.PostAsync("/api/submissions", new StringContent("""{"model": "m", "limit": "ten"}""", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);

        Assert.Contains("$.limit", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_identical_submission_from_the_same_key_is_answered_with_the_existing_one()
    {
        await using var app = new ApiTestApp(database.Database);
        var (first, _) = await app.ClientWithKeyAsync();
        var (second, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var original = await (await first.PostAsJsonAsync("/api/submissions", Request(model.Name, seed: 4))).Content.ReadFromJsonAsync<JsonElement>();
        var before = await app.CountRowsAsync();

        // Same experiment written differently: other order, upper case, samples folded into the label.
        var again = await first.PostAsJsonAsync("/api/submissions",
            Request(model.Name, seed: 4, suites: ["GAME24@2-3", "arithmetic"], styles: ["cot", "direct"]));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(original.GetProperty("id").GetInt64(), body.GetProperty("duplicateOf").GetInt64());
        Assert.Equal(original.GetProperty("id").GetInt64(), body.GetProperty("id").GetInt64());
        Assert.Equal(before, await app.CountRowsAsync());

        // Submissions are private, so another key is never answered with this one (that would tell it who asked what).
        var otherKey = await second.PostAsJsonAsync("/api/submissions", Request(model.Name, seed: 4));
        Assert.Equal(HttpStatusCode.Created, otherKey.StatusCode);
        Assert.NotEqual(original.GetProperty("id").GetInt64(), (await otherKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Idempotency_key_replays_the_first_answer_and_rejects_a_different_body()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> PostAsync(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/submissions") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var first = await PostAsync(Request(model.Name, seed: 6));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstBody = await first.Content.ReadFromJsonAsync<JsonElement>();
        var rows = await app.CountRowsAsync();

        var replay = await PostAsync(Request(model.Name, seed: 6));
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(firstBody.GetProperty("id").GetInt64(), (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());

        var mismatch = await AuthTests.AssertProblemAsync(await PostAsync(Request(model.Name, seed: 7)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(key, mismatch.GetProperty("detail").GetString());
        Assert.Equal(rows, await app.CountRowsAsync());

        await using var db = app.Db();
        Assert.Equal(key, (await db.Submissions.SingleAsync(s => s.Id == firstBody.GetProperty("id").GetInt64())).IdempotencyKey);
    }

    [Fact]
    public async Task Expired_idempotency_records_are_purged_when_a_new_one_is_stored()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, apiKey) = await app.ClientWithKeyAsync();
        var model = await app.AddModelAsync();
        var expiredKey = Guid.NewGuid().ToString();
        await using (var db = app.Db())
        {
            db.IdempotencyRecords.Add(new Platform.Data.Entities.IdempotencyRecord
            {
                Key = expiredKey,
                ApiKeyId = apiKey.Id,
                RequestHash = new string('0', 64),
                ResponseStatusCode = 201,
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-3),
                ExpiresAt = DateTimeOffset.UtcNow.AddDays(-2),
            });
            await db.SaveChangesAsync();
        }

        var key = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/submissions") { Content = JsonContent.Create(Request(model.Name, seed: 8)) };
        request.Headers.Add("Idempotency-Key", key);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(request)).StatusCode);

        await using var check = app.Db();
        Assert.False(await check.IdempotencyRecords.AnyAsync(r => r.Key == expiredKey), "the expired record was kept");
        Assert.True(await check.IdempotencyRecords.AnyAsync(r => r.Key == key));
    }

    [Fact]
    public async Task A_key_over_its_rate_limit_gets_429_with_retry_after()
    {
        await using var app = new ApiTestApp(database.Database);
        var (client, _) = await app.ClientWithKeyAsync(requestsPerMinute: 2);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/models")).StatusCode);
        var limited = await client.GetAsync("/api/models");

        await AuthTests.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);

        var (other, _) = await app.ClientWithKeyAsync(requestsPerMinute: 2);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/models")).StatusCode);
    }

    [Fact]
    public async Task Quotas_refuse_work_beyond_the_daily_submissions_and_the_live_run_cap()
    {
        await using var app = new ApiTestApp(database.Database, new Dictionary<string, string?> { ["Api:MaxLiveRunsPerRequester"] = "6" });
        var model = await app.AddModelAsync();

        var (daily, _) = await app.ClientWithKeyAsync(dailyQuota: 1);
        Assert.Equal(HttpStatusCode.Created, (await daily.PostAsJsonAsync("/api/submissions", Request(model.Name, seed: 10, suites: ["arithmetic"], styles: ["direct"]))).StatusCode);
        var before = await app.CountRowsAsync();
        var overDaily = await daily.PostAsJsonAsync("/api/submissions", Request(model.Name, seed: 11, suites: ["arithmetic"], styles: ["direct"]));
        var problem = await AuthTests.AssertProblemAsync(overDaily, HttpStatusCode.TooManyRequests);
        Assert.Contains("per UTC day", problem.GetProperty("detail").GetString());
        Assert.True(overDaily.Headers.Contains("Retry-After"));
        Assert.Equal(before, await app.CountRowsAsync());

        var (live, _) = await app.ClientWithKeyAsync();
        Assert.Equal(HttpStatusCode.Created, (await live.PostAsJsonAsync("/api/submissions", Request(model.Name, seed: 12))).StatusCode);
        var overLive = await AuthTests.AssertProblemAsync(await live.PostAsJsonAsync("/api/submissions", Request(model.Name, seed: 13)), HttpStatusCode.TooManyRequests);
        Assert.Contains("4 runs queued or running", overLive.GetProperty("detail").GetString());

        var (small, _) = await app.ClientWithKeyAsync(maxItems: 10);
        var tooBig = await AuthTests.AssertProblemAsync(await small.PostAsJsonAsync("/api/submissions", Request(model.Name, seed: 14)), HttpStatusCode.BadRequest);
        Assert.Contains("allows 10", tooBig.GetProperty("errors").GetProperty("limit")[0].GetString());
    }
}
