using System.Net;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Web.Tests.Api;

public sealed class OpenApiTests(ThoughtboardDatabaseFixture database) : IClassFixture<ThoughtboardDatabaseFixture>
{
    [Fact]
    public async Task The_document_lists_every_api_endpoint()
    {
        await using var app = new ApiTestApp(database.Database);
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/models", "post"), ("/api/models", "get"), ("/api/submissions", "post"), ("/api/submissions/{id}", "get"),
            ("/api/submissions/{id}/cancel", "post"), ("/api/runs/{id}", "get"), ("/api/runs/{id}/items", "get"),
            ("/api/leaderboard", "get"), ("/api/admin/keys", "post"), ("/api/admin/keys/{id}", "delete"), ("/api/account/sign-in", "post"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method.ToUpperInvariant()} {path} is missing");
        }
        Assert.Equal("Thoughtboard API", document.RootElement.GetProperty("info").GetProperty("title").GetString());
        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task The_reference_ui_is_served()
    {
        await using var app = new ApiTestApp(database.Database);
        var response = await app.CreateClient().GetAsync("/api/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.ToString());
    }
}
