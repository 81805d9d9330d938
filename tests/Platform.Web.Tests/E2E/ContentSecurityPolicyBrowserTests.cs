using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using Platform.Data.Entities;
using Platform.Testing;

namespace Platform.Web.Tests.E2E;

/// <summary>
/// The security headers against a real browser: Debian's chromium loads the pages, the API reference and the
/// Hangfire dashboard, and reports every Content-Security-Policy violation on its console. There must be none,
/// and each page must still work (the console's confirmation questions, Scalar's reference, the dashboard).
/// </summary>
public sealed class ContentSecurityPolicyBrowserTests
{
    private const string AdminName = "csp-admin";
    private const string AdminPassword = "a policy checking passphrase";

    [Fact]
    public async Task Pages_api_reference_and_dashboard_run_without_a_policy_violation()
    {
        Assert.True(File.Exists(BrowserJourneyTests.ChromiumPath), $"This test drives Debian's chromium at {BrowserJourneyTests.ChromiumPath}.");
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            var admin = new User { UserName = AdminName, PasswordHash = "", Role = UserRole.Admin, CreatedAt = DateTimeOffset.UtcNow };
            admin.PasswordHash = new PasswordHasher<User>().HashPassword(admin, AdminPassword);
            db.Users.Add(admin);
            await db.SaveChangesAsync();
        }
        await using var app = new ServerFactory(database.ConnectionString);
        app.UseKestrel(0);
        app.StartServer();
        var site = app.ClientOptions.BaseAddress.ToString().TrimEnd('/');

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserJourneyTests.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add($"{page.Url}: {message.Text}");
                }
            }
        };

        await page.GotoAsync($"{site}/account/login?ReturnUrl=%2Fadmin");
        await page.GetByLabel("User name or email").FillAsync(AdminName);
        await page.GetByLabel("Password").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/admin$"));
        await page.GotoAsync($"{site}/leaderboard");
        await page.GotoAsync($"{site}/");
        await page.GotoAsync($"{site}/admin/keys");
        await page.GetByLabel("Name").FillAsync("policy check");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await page.Locator(".secret-value").WaitForAsync();
        // The revoke button asks first (confirm.js): dismissed, nothing happens; accepted, the key is revoked.
        var questions = new List<string>();
        var accept = false;
        page.Dialog += async (_, dialog) =>
        {
            questions.Add(dialog.Message);
            await (accept ? dialog.AcceptAsync() : dialog.DismissAsync());
        };
        var revoke = page.Locator("table tbody tr", new() { HasText = "policy check" }).GetByRole(AriaRole.Button, new() { Name = "Revoke" });
        await revoke.ClickAsync();
        await page.WaitForTimeoutAsync(1000);
        Assert.DoesNotContain("notice=", page.Url);
        Assert.Equal("active", await page.Locator("table tbody tr", new() { HasText = "policy check" }).Locator("td", new() { HasText = "active" }).InnerTextAsync());
        accept = true;
        await revoke.ClickAsync();
        await page.WaitForURLAsync(new Regex("notice="));
        Assert.Contains("revoked", await page.Locator("table tbody tr", new() { HasText = "policy check" }).InnerTextAsync());
        Assert.Equal(2, questions.Count);
        Assert.All(questions, q => Assert.StartsWith("Revoke this key?", q));

        await page.GotoAsync($"{site}/admin/hangfire");
        await page.GetByText("Jobs").First.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await page.GotoAsync($"{site}/api/docs");
        await page.GetByText("Thoughtboard API").First.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        lock (violations)
        {
            Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        }
    }

    private sealed class ServerFactory(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Thoughtboard", connectionString);
            builder.UseSetting("Database:MigrateOnStartup", "false");
        }
    }
}
