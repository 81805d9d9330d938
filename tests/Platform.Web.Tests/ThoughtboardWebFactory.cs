using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Platform.Web.Tests;

/// <summary>
/// The real web app on a given database. <paramref name="migrateOnStartup"/> null keeps the default
/// (the factory runs in Development, which migrates at start-up).
/// </summary>
public sealed class ThoughtboardWebFactory(string connectionString, bool? migrateOnStartup = false) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Thoughtboard", connectionString);
        builder.UseTestDns();
        // Page tests sign in many times from the one test client address; the limit itself is tested in SignInProtectionTests.
        builder.UseSetting("Security:SignInAttemptsPerMinute", "1000");
        if (migrateOnStartup is { } migrate)
        {
            builder.UseSetting("Database:MigrateOnStartup", migrate ? "true" : "false");
        }
    }
}
