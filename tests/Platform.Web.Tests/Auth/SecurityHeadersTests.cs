using System.Net;
using Platform.Testing;
using Platform.Web.Tests.Pages;

namespace Platform.Web.Tests.Auth;

public sealed class SecurityHeadersTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    public static readonly TheoryData<string> Anywhere = new() { "/", "/leaderboard", "/account/login", "/no-such-page", "/api/leaderboard", "/api/runs/999999", "/health/live", "/app.css" };

    [Theory]
    [MemberData(nameof(Anywhere))]
    public async Task Every_response_carries_the_hardening_headers(string url)
    {
        await using var app = new SecuredApp(database.Database);

        var response = await app.Client().GetAsync(url);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", Directive(csp, "script-src"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task The_only_inline_script_of_a_page_carries_the_nonce_its_policy_allows()
    {
        await using var app = new SecuredApp(database.Database);

        var first = await app.Client().GetAsync("/");
        var second = await app.Client().GetAsync("/");

        var scripts = Html.Parse(await first.Content.ReadAsStringAsync()).QuerySelectorAll("script:not([src])");
        var nonce = Assert.Single(scripts).GetAttribute("nonce");
        Assert.False(string.IsNullOrEmpty(nonce));
        Assert.Equal($"'self' 'nonce-{nonce}'", Directive(Header(first, "Content-Security-Policy"), "script-src"));
        Assert.DoesNotContain(nonce!, Header(second, "Content-Security-Policy"));
    }

    [Theory]
    [InlineData("/api/docs")]
    [InlineData("/admin/hangfire")]
    public async Task The_api_reference_and_the_dashboard_may_run_inline_script_but_nothing_from_elsewhere(string url)
    {
        await using var app = new SecuredApp(database.Database);

        var response = await app.Client().GetAsync(url);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Equal("'self' 'unsafe-inline'", Directive(csp, "script-src"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage!.RequestUri} ({(int)response.StatusCode}) has no {name} header.");

    private static string Directive(string csp, string name) =>
        csp.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith(name + " "))[(name.Length + 1)..];
}
