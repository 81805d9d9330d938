using System.Net;
using System.Net.Http.Headers;
using Platform.Data.Entities;
using Platform.Data.Security;
using Platform.Testing;

namespace Platform.Web.Tests.Auth;

public sealed class BearerGuardTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    [Fact]
    public async Task Failed_bearer_tokens_from_one_address_get_429_without_a_database_query()
    {
        await using var app = new SecuredApp(database.Database, new Dictionary<string, string?> { ["Security:BearerFailuresPerMinute"] = "3" });
        var valid = await AddKeyAsync(app);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(app, "tb_0123456789ab_guess1").GetAsync("/api/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(app, "not-a-key").GetAsync("/api/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(app, "tb_0123456789ab_guess2").GetAsync("/api/models")).StatusCode);
        var lookups = app.Sql.Mentioning("ApiKeys");
        Assert.Equal(2, lookups);

        var blocked = await Bearer(app, "tb_0123456789ab_guess3").GetAsync("/api/models");
        var blockedPublic = await Bearer(app, "tb_0123456789ab_guess4").GetAsync("/api/leaderboard");
        var blockedValid = await Bearer(app, valid).GetAsync("/api/models");

        var problem = await AuthTests.AssertProblemAsync(blocked, HttpStatusCode.TooManyRequests);
        Assert.Contains("invalid API key", problem.GetProperty("detail").GetString());
        Assert.True(int.Parse(blocked.Headers.RetryAfter!.ToString()) is >= 1 and <= 60);
        Assert.Equal(HttpStatusCode.TooManyRequests, blockedPublic.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, blockedValid.StatusCode);
        Assert.Equal(lookups, app.Sql.Mentioning("ApiKeys"));
        // Requests without a token are not affected.
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/api/leaderboard")).StatusCode);

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await Bearer(app, valid).GetAsync("/api/models")).StatusCode);
    }

    private static HttpClient Bearer(SecuredApp app, string token)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> AddKeyAsync(SecuredApp app)
    {
        var issued = ApiKeyTokens.Issue();
        await using var db = app.Db();
        db.ApiKeys.Add(new ApiKey { Name = "guard-" + issued.Prefix, Owner = "tests", Prefix = issued.Prefix, KeyHash = issued.Hash, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return issued.Secret;
    }
}
