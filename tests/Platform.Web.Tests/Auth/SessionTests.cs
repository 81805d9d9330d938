using System.Net;
using Platform.Data.Entities;
using Platform.Testing;
using Platform.Web.Tests.Pages;

namespace Platform.Web.Tests.Auth;

public sealed class SessionTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private const string Password = "a session password";

    /// <summary>Longer than the default Security:SessionCheckInterval, the delay documented for changes made outside this web instance.</summary>
    private static readonly TimeSpan PastCheckInterval = TimeSpan.FromSeconds(31);

    public static readonly TheoryData<string> OutsideChanges = new() { "disable", "demote", "password" };

    [Theory]
    [MemberData(nameof(OutsideChanges))]
    public async Task Disabling_demoting_or_a_new_password_ends_an_existing_session(string change)
    {
        await using var app = new SecuredApp(database.Database);
        var (user, cookie) = await SignedInAsync(app, UserRole.Admin);
        var client = WithCookie(app, cookie);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/admin/keys")).StatusCode);
        var stampBefore = (await app.ReloadAsync(user)).SecurityStamp;

        await app.ChangeAsync(user, stored =>
        {
            switch (change)
            {
                case "disable": stored.Disable(app.Clock.GetUtcNow()); break;
                case "demote": stored.ChangeRole(UserRole.Member); break;
                default: stored.ChangePasswordHash(new Microsoft.AspNetCore.Identity.PasswordHasher<User>().HashPassword(stored, "another password")); break;
            }
        });
        app.Clock.Advance(PastCheckInterval);

        var refused = await client.GetAsync("/api/admin/keys");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        // The dead cookie is deleted, and it stays refused on later requests.
        Assert.Contains(refused.Headers.GetValues("Set-Cookie"), c => c.StartsWith("thoughtboard=;"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/account/me")).StatusCode);
        Assert.NotEqual(stampBefore, (await app.ReloadAsync(user)).SecurityStamp);
    }

    [Fact]
    public async Task Signing_out_invalidates_a_copy_of_the_cookie_at_once()
    {
        await using var app = new SecuredApp(database.Database);
        var (user, cookie) = await SignedInAsync(app, UserRole.Member);
        var copy = WithCookie(app, cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/account/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await WithCookie(app, cookie).PostAsync("/api/account/sign-out", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/account/me")).StatusCode);
        // Signing in again gives a working session.
        var (_, fresh) = await SignedInAsync(app, user);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(app, fresh).GetAsync("/api/account/me")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_with_the_console_form_ends_the_users_other_sessions_too()
    {
        await using var app = new SecuredApp(database.Database);
        var (user, other) = await SignedInAsync(app, UserRole.Admin);
        var browser = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await SecuredApp.SignInAsync(browser, user.UserName, Password)).StatusCode);

        var response = await Forms.PostAsync(browser, "/admin", "form[action='account/logout']", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie(app, other).GetAsync("/api/account/me")).StatusCode);
    }

    [Fact]
    public async Task Cookies_are_secure_over_https_and_not_over_http()
    {
        await using var app = new SecuredApp(database.Database);
        var user = await app.AddUserAsync($"https-{Guid.NewGuid():N}@example.org", Password);

        var https = await SecuredApp.SignInAsync(app.Client("https://localhost"), user.UserName, Password);
        var http = await SecuredApp.SignInAsync(app.Client(), user.UserName, Password);
        var antiforgeryHttps = await app.Client("https://localhost").GetAsync("/account/login");
        var antiforgeryHttp = await app.Client().GetAsync("/account/login");

        Assert.Contains("secure", SessionCookie(https), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", SessionCookie(http), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", AntiforgeryCookie(antiforgeryHttps), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", AntiforgeryCookie(antiforgeryHttp), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(User User, string Cookie)> SignedInAsync(SecuredApp app, UserRole role) =>
        await SignedInAsync(app, await app.AddUserAsync($"session-{Guid.NewGuid():N}@example.org", Password, role));

    private static async Task<(User User, string Cookie)> SignedInAsync(SecuredApp app, User user) =>
        (user, await app.SessionCookieAsync(user.UserName, Password));

    private static HttpClient WithCookie(SecuredApp app, string? cookie) => app.WithCookie(cookie);

    private static string SessionCookie(HttpResponseMessage response) => response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("thoughtboard="));

    private static string AntiforgeryCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery."));
}
