extern alias worker;

using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Platform.Data.Entities;
using Platform.Gguf;
using Platform.Jobs.Catalog;
using Platform.Testing;
using worker::Platform.Worker;
using Xunit.Abstractions;

namespace Platform.Web.Tests.E2E;

/// <summary>
/// The whole product in a real browser: the web app on a loopback port beside a worker host, the
/// generated demo model, Debian's chromium driven by Playwright. An administrator signs in, submits an
/// evaluation through the page, waits for it on the submission page, finds it on the leaderboard and visits
/// every page, saving a screenshot of each (under $THOUGHTBOARD_SCREENSHOTS, else TestResults/screenshots).
/// </summary>
public sealed class BrowserJourneyTests(ITestOutputHelper output)
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private const string AdminName = "root-admin";
    private const string AdminPassword = "a long enough passphrase";

    /// <summary>The demo model's shape (the one <c>thoughtboard demo-model</c> writes), kept tiny so a few items take seconds.</summary>
    private static readonly TestModelSpec DemoModel = new("thoughtboard-demo", 128, 2, 352, 4, 4, 4096, GgmlType.Q8_0, 2026);

    [Fact]
    public async Task An_admin_submits_the_demo_model_follows_it_and_finds_it_on_the_leaderboard()
    {
        Assert.True(File.Exists(ChromiumPath),
            $"This test drives Debian's chromium at {ChromiumPath}: install it with 'apt-get install -y chromium' (never 'playwright install').");
        var screenshots = ScreenshotFolder();
        await using var database = await TestDatabase.CreateAsync();
        var modelId = await PrepareAsync(database, Path.Combine(Path.GetTempPath(), "thoughtboard-e2e-models"));

        await using var app = new RealServerFactory(database.ConnectionString);
        app.UseKestrel(0);
        app.StartServer();
        using var worker = Worker(database.ConnectionString);
        await worker.StartAsync();
        var site = app.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        output.WriteLine($"App at {site}; screenshots in {screenshots}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        page.SetDefaultTimeout(30_000);
        async Task Shoot(string name)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, $"{name}.png"), FullPage = true });
        }

        // The console refuses anonymous visitors and sends them to sign in, then back.
        await page.GotoAsync($"{site}/admin");
        Assert.Contains("/account/login", page.Url);
        await Shoot("01-sign-in");
        await page.GetByLabel("User name or email").FillAsync(AdminName);
        await page.GetByLabel("Password").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/admin$"));
        await Shoot("02-admin-empty");

        // Submit two styles of the demo model on the arithmetic suite, three items each.
        await page.GotoAsync($"{site}/submit?model={modelId}");
        await page.Locator("label.check", new() { HasText = "arithmetic" }).First.Locator("input").CheckAsync();
        await page.Locator("label.check", new() { HasTextRegex = new Regex("^\\s*direct\\s") }).Locator("input").CheckAsync();
        await page.Locator("label.check", new() { HasTextRegex = new Regex("^\\s*cot\\s") }).Locator("input").CheckAsync();
        await page.FillAsync("input[name=limit]", "3");
        await page.FillAsync("input[name=maxTokens]", "24");
        await page.FillAsync("input[name=temperature]", "0");
        await Shoot("03-submit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/submissions/[0-9]+$"));
        var submissionUrl = page.Url;
        Assert.Equal(2, await page.Locator("table.runs tbody tr").CountAsync());
        await Shoot("04-submission-live");

        // The submission page reloads itself while runs are live; wait for it to report success.
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (await page.Locator(".run-status .state").First.InnerTextAsync() is var state && state != "Succeeded")
        {
            Assert.True(state is "Queued" or "Running", $"The submission ended as {state}: {await page.Locator("main").InnerTextAsync()}");
            Assert.True(DateTime.UtcNow < deadline, $"The submission is still {state} after four minutes.");
            await page.WaitForTimeoutAsync(1000);
            if (!page.Url.StartsWith(submissionUrl))
            {
                await page.GotoAsync(submissionUrl);
            }
        }
        await page.ReloadAsync();
        Assert.Equal(0, await page.Locator("meta[http-equiv=refresh]").CountAsync());
        await Shoot("05-submission-done");
        var runLinks = await page.Locator("table.runs tbody a[href^='runs/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Equal(2, runLinks.Length);

        // The finished runs are on the board, found by search.
        await page.GotoAsync($"{site}/leaderboard");
        await page.FillAsync("input[name=q]", DemoModel.Name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("q=thoughtboard-demo"));
        var boardRows = page.Locator("table.board tbody tr");
        Assert.Equal(2, await boardRows.CountAsync());
        Assert.Contains(DemoModel.Name, await boardRows.First.InnerTextAsync());
        await Shoot("06-leaderboard");
        await page.GotoAsync($"{site}/leaderboard?view=matrix");
        await Shoot("07-leaderboard-matrix");

        await page.GotoAsync($"{site}/models/{modelId}");
        Assert.True(await page.Locator("svg[role=img]").CountAsync() >= 3);
        Assert.Equal(2, await page.Locator("article.recommendation .pick").CountAsync());
        await Shoot("08-model");

        await page.GotoAsync($"{site}/{runLinks[0]}");
        Assert.Equal(3, await page.Locator("ol.items > li").CountAsync());
        await Shoot("09-run");
        var csv = await page.APIRequest.GetAsync($"{site}/{runLinks[0]}/items.csv");
        Assert.Equal(4, (await csv.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        await page.GotoAsync($"{site}/compare?a={runLinks[0]["runs/".Length..]}&b={runLinks[1]["runs/".Length..]}");
        Assert.Equal(1, await page.Locator("table.contingency").CountAsync());
        await Shoot("10-compare");

        await page.GotoAsync($"{site}/admin?state=succeeded");
        Assert.Equal(2, await page.Locator("table.runs tbody tr").CountAsync());
        await Shoot("11-admin-runs");
        await page.GotoAsync($"{site}/admin/workers");
        Assert.Equal(1, await page.Locator("table.workers tr.alive").CountAsync());
        await Shoot("12-admin-workers");
        await page.GotoAsync($"{site}/admin/models");
        await Shoot("13-admin-models");
        await page.GotoAsync($"{site}/admin/keys");
        await page.GetByLabel("Name").FillAsync("browser journey");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await page.Locator(".secret-value").WaitForAsync();
        await Shoot("14-admin-keys");
        await page.GotoAsync($"{site}/");
        await Shoot("15-home");
    }

    /// <summary>Catalog, demo model and an administrator in the fresh database; returns the model's id.</summary>
    private static async Task<long> PrepareAsync(TestDatabase database, string modelsFolder)
    {
        Directory.CreateDirectory(modelsFolder);
        var modelPath = TestModelGenerator.EnsureModel(DemoModel, modelsFolder);
        await using var db = database.CreateContext();
        await CatalogStore.SeedAsync(db, DateTimeOffset.UtcNow);
        var model = new LanguageModel
        {
            Name = DemoModel.Name,
            Family = "thoughtboard-demo",
            Quantization = "Q8_0",
            Location = modelPath,
            SizeBytes = new FileInfo(modelPath).Length,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        var admin = new User { UserName = AdminName, PasswordHash = "", Role = UserRole.Admin, CreatedAt = DateTimeOffset.UtcNow };
        admin.PasswordHash = new PasswordHasher<User>().HashPassword(admin, AdminPassword);
        db.AddRange(model, admin);
        await db.SaveChangesAsync();
        Assert.True(await db.Suites.AnyAsync(s => s.Name.Contains("arithmetic")), "The seeded catalog has no arithmetic suite.");
        return model.Id;
    }

    private static string ScreenshotFolder()
    {
        var folder = Environment.GetEnvironmentVariable("THOUGHTBOARD_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The real app, as <c>./thoughtboard up</c> runs it; it only enqueues.</summary>
    private sealed class RealServerFactory(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Thoughtboard", connectionString);
            builder.UseSetting("Database:MigrateOnStartup", "false");
        }
    }

    /// <summary>The worker that <c>./thoughtboard up</c> starts beside the web app, here hosted in the test process.</summary>
    private static IHost Worker(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Thoughtboard"] = connectionString,
            ["Worker:Name"] = "browser-journey-worker",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddThoughtboardWorker();
        return builder.Build();
    }
}
