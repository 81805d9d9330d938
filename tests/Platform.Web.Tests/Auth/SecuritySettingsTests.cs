using Platform.Testing;
using Platform.Web.Auth;

namespace Platform.Web.Tests.Auth;

public sealed class SecuritySettingsTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    [Fact]
    public void The_defaults_are_valid_and_trust_no_proxy()
    {
        var defaults = new SecurityOptions();

        Assert.Empty(defaults.Problems());
        Assert.Empty(defaults.TrustedProxies);
        Assert.Equal((5, TimeSpan.FromMinutes(15)), (defaults.MaxFailedSignIns, defaults.LockoutDuration));
    }

    [Fact]
    public void The_web_app_does_not_start_with_security_settings_out_of_range_and_names_them()
    {
        using var app = new SecuredApp(database.Database, new Dictionary<string, string?>
        {
            ["Security:MaxFailedSignIns"] = "0",
            ["Security:LockoutDuration"] = "00:00:00",
            ["Security:BearerFailuresPerMinute"] = "0",
            ["Security:TrustedProxies:0"] = "10.0.0.0/8",
            ["Security:TrustedProxies:1"] = "proxy.example.org",
        });

        var error = Assert.ThrowsAny<InvalidOperationException>(() => app.Client());

        Assert.Contains("Security:MaxFailedSignIns must be at least 1 (it is 0)", error.Message);
        Assert.Contains("Security:LockoutDuration must be a positive time span", error.Message);
        Assert.Contains("Security:BearerFailuresPerMinute must be at least 1", error.Message);
        Assert.Contains("Security:TrustedProxies:1 must be an IP address (10.0.0.5) or a network (10.0.0.0/8) (it is proxy.example.org)", error.Message);
        Assert.DoesNotContain("TrustedProxies:0", error.Message);
    }
}
