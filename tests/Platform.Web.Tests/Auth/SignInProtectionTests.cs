using System.Net;
using System.Text.Json;
using Platform.Testing;
using Platform.Web.Tests.Pages;

namespace Platform.Web.Tests.Auth;

public sealed class SignInProtectionTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private const string Password = "the right password";
    private static readonly Dictionary<string, string?> Roomy = new() { ["Security:SignInAttemptsPerMinute"] = "100" };

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one_until_the_lockout_ends()
    {
        await using var app = new SecuredApp(database.Database, Roomy);
        var user = await app.AddUserAsync($"lock-{Guid.NewGuid():N}@example.org", Password);
        var client = app.Client();

        for (var i = 1; i <= 4; i++)
        {
            var wrong = await AuthTests.AssertProblemAsync(await SecuredApp.SignInAsync(client, user.UserName, $"wrong {i}"), HttpStatusCode.Unauthorized);
            Assert.Contains("wrong", wrong.GetProperty("detail").GetString());
        }
        var fifth = await AuthTests.AssertProblemAsync(await SecuredApp.SignInAsync(client, user.UserName, "wrong 5"), HttpStatusCode.Unauthorized);
        Assert.Contains("locked; try again in 15 min", fifth.GetProperty("detail").GetString());

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        var right = await SecuredApp.SignInAsync(client, user.UserName, Password);
        var locked = await AuthTests.AssertProblemAsync(right, HttpStatusCode.Unauthorized);
        Assert.Contains("locked; try again in 1 min", locked.GetProperty("detail").GetString());
        Assert.False(right.Headers.Contains("Set-Cookie"));
        var stored = await app.ReloadAsync(user);
        Assert.Null(stored.LastSignInAt);
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(1), stored.LockedUntil!.Value, TimeSpan.FromSeconds(1));

        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await SecuredApp.SignInAsync(client, user.UserName, Password)).StatusCode);
        stored = await app.ReloadAsync(user);
        Assert.Equal(0, stored.FailedSignInCount);
        Assert.Null(stored.LockedUntil);
        Assert.NotNull(stored.LastSignInAt);
    }

    [Fact]
    public async Task The_sign_in_page_counts_failures_and_shows_the_lockout()
    {
        await using var app = new SecuredApp(database.Database, new Dictionary<string, string?>(Roomy) { ["Security:MaxFailedSignIns"] = "2" });
        var user = await app.AddUserAsync($"page-{Guid.NewGuid():N}@example.org", Password);
        var client = app.Client();

        await PostPageAsync(client, user.UserName, "wrong");
        await PostPageAsync(client, user.UserName, "wrong again");
        var response = await PostPageAsync(client, user.UserName, Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("thoughtboard="));
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("it is locked", page.QuerySelector(".error-note")!.TextContent);
        Assert.NotNull((await app.ReloadAsync(user)).LockedUntil);
    }

    [Fact]
    public async Task An_unknown_name_runs_the_hasher_and_answers_exactly_like_an_account()
    {
        await using var app = new SecuredApp(database.Database, Roomy);
        var user = await app.AddUserAsync($"known-{Guid.NewGuid():N}@example.org", Password);
        var unknown = $"nobody-{Guid.NewGuid():N}@example.org";
        var client = app.Client();

        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var before = app.Hasher.Verifications;
            var known = await SecuredApp.SignInAsync(client, user.UserName, $"guess {attempt}");
            Assert.Equal(before + 1, app.Hasher.Verifications);
            var stranger = await SecuredApp.SignInAsync(client, unknown, $"guess {attempt}");
            Assert.Equal(before + 2, app.Hasher.Verifications);

            Assert.Equal(known.StatusCode, stranger.StatusCode);
            Assert.Equal(await Body(known), await Body(stranger));
        }
        Assert.Contains("locked", await Body(await SecuredApp.SignInAsync(client, unknown, "guess 7")));
    }

    [Fact]
    public async Task Too_many_attempts_from_one_address_get_429_before_any_password_is_checked()
    {
        await using var app = new SecuredApp(database.Database, new Dictionary<string, string?> { ["Security:SignInAttemptsPerMinute"] = "3" });
        var user = await app.AddUserAsync($"rate-{Guid.NewGuid():N}@example.org", Password);
        var client = app.Client();

        await SecuredApp.SignInAsync(client, user.UserName, "wrong 1");
        await PostPageAsync(client, user.UserName, "wrong 2");
        await SecuredApp.SignInAsync(client, user.UserName, "wrong 3");
        var checkedBefore = app.Hasher.Verifications;

        var api = await SecuredApp.SignInAsync(client, user.UserName, Password);
        var page = await PostPageAsync(client, user.UserName, Password);

        var problem = await AuthTests.AssertProblemAsync(api, HttpStatusCode.TooManyRequests);
        Assert.Contains("sign-in attempts", problem.GetProperty("detail").GetString());
        Assert.True(int.Parse(api.Headers.RetryAfter!.ToString()) is >= 1 and <= 60);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.False(api.Headers.Contains("Set-Cookie"));
        Assert.Equal(checkedBefore, app.Hasher.Verifications);
        var stored = await app.ReloadAsync(user);
        Assert.Equal(3, stored.FailedSignInCount);
        Assert.Null(stored.LastSignInAt);
        // Reading the sign-in page is not an attempt.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }

    private static Task<HttpResponseMessage> PostPageAsync(HttpClient client, string userName, string password) =>
        Forms.PostAsync(client, "/account/login", "form.signin-form", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });

    private static async Task<string> Body(HttpResponseMessage response) =>
        JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()).GetProperty("detail"));
}
