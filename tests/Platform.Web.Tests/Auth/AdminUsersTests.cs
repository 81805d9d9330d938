using System.Net;
using Platform.Data.Entities;
using Platform.Testing;
using Platform.Web.Tests.Pages;

namespace Platform.Web.Tests.Auth;

public sealed class AdminUsersTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    private const string Password = "a console password";

    [Fact]
    public async Task Disabling_a_user_in_the_console_ends_their_session_at_once_and_enabling_needs_a_new_sign_in()
    {
        await using var app = new SecuredApp(database.Database);
        var (admin, _) = await AdminAsync(app);
        var member = await app.AddUserAsync($"member-{Guid.NewGuid():N}@example.org", Password);
        var session = await app.SessionCookieAsync(member.UserName, Password);

        var response = await PostAsync(admin, member, "disable");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("their%20sessions%20have%20ended", response.Headers.Location!.OriginalString);
        Assert.NotNull((await app.ReloadAsync(member)).DisabledAt);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.WithCookie(session).GetAsync("/api/account/me")).StatusCode);
        var page = await Html.GetAsync(admin, response.Headers.Location.OriginalString);
        Assert.StartsWith("disabled", page.QuerySelector($"tr[data-user='{member.UserName}'] .state")!.TextContent);

        await PostAsync(admin, member, "enable");
        Assert.Null((await app.ReloadAsync(member)).DisabledAt);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.WithCookie(session).GetAsync("/api/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.WithCookie(await app.SessionCookieAsync(member.UserName, Password)).GetAsync("/api/account/me")).StatusCode);
    }

    [Fact]
    public async Task Demoting_an_admin_in_the_console_takes_the_console_from_their_session_at_once()
    {
        await using var app = new SecuredApp(database.Database);
        var (admin, _) = await AdminAsync(app);
        var other = await app.AddUserAsync($"other-admin-{Guid.NewGuid():N}@example.org", Password, UserRole.Admin);
        var session = app.WithCookie(await app.SessionCookieAsync(other.UserName, Password));
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/admin/keys")).StatusCode);

        await PostAsync(admin, other, "role", "Member");

        Assert.Equal(UserRole.Member, (await app.ReloadAsync(other)).Role);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/admin/keys")).StatusCode);
    }

    [Fact]
    public async Task An_admin_cannot_disable_or_demote_themselves_and_bad_posts_change_nothing()
    {
        await using var app = new SecuredApp(database.Database);
        var (admin, self) = await AdminAsync(app);
        var member = await app.AddUserAsync($"target-{Guid.NewGuid():N}@example.org", Password);
        var memberClient = app.Client();
        await SecuredApp.SignInAsync(memberClient, member.UserName, Password);
        var before = await app.ReloadAsync(self);

        var disableSelf = await PostAsync(admin, self, "disable");
        var demoteSelf = await PostAsync(admin, self, "role", "Member");
        var badRole = await PostAsync(admin, member, "role", "1");
        var noToken = await admin.PostAsync($"/admin/users/{member.Id}/disable", new FormUrlEncodedContent([]));
        var byMember = await memberClient.PostAsync($"/admin/users/{member.Id}/role", new FormUrlEncodedContent([new("role", "Admin")]));

        Assert.Contains("cannot%20disable%20yourself", disableSelf.Headers.Location!.OriginalString);
        Assert.Contains("cannot%20take", demoteSelf.Headers.Location!.OriginalString);
        Assert.Contains("not%20a%20role", badRole.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, byMember.StatusCode);
        var after = await app.ReloadAsync(self);
        Assert.Equal((before.Role, before.DisabledAt, before.SecurityStamp), (after.Role, after.DisabledAt, after.SecurityStamp));
        var target = await app.ReloadAsync(member);
        Assert.Equal((UserRole.Member, (DateTimeOffset?)null, member.SecurityStamp), (target.Role, target.DisabledAt, target.SecurityStamp));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
    }

    private static async Task<(HttpClient Client, User User)> AdminAsync(SecuredApp app)
    {
        var admin = await app.AddUserAsync($"console-{Guid.NewGuid():N}@example.org", Password, UserRole.Admin);
        var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await SecuredApp.SignInAsync(client, admin.UserName, Password)).StatusCode);
        return (client, admin);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient admin, User user, string action, string? role = null) =>
        Forms.PostAsync(admin, "/admin/users", $"form[action='admin/users/{user.Id}/{action}']", role is null ? [] : new() { ["role"] = role });
}
