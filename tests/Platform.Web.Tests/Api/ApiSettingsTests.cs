using Platform.Testing;
using Platform.Web.Api;

namespace Platform.Web.Tests.Api;

public sealed class ApiSettingsTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(new ApiOptions().Problems());

    [Fact]
    public void The_web_app_does_not_start_with_api_settings_out_of_range_and_names_them()
    {
        using var app = new ApiTestApp(database.Database, new Dictionary<string, string?>
        {
            ["Api:DefaultRequestsPerMinute"] = "0",
            ["Api:IdempotencyRetention"] = "-01:00:00",
        });

        var error = Assert.ThrowsAny<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("Api:DefaultRequestsPerMinute must be at least 1 (it is 0)", error.Message);
        Assert.Contains("Api:IdempotencyRetention must be a positive time span", error.Message);
    }
}
