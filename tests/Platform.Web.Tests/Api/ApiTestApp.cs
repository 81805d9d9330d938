using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Data.Security;
using Platform.Testing;

namespace Platform.Web.Tests.Api;

/// <summary>
/// The real web app on a test database, with a model folder of its own. Submissions go through the real job queue
/// into Hangfire's tables; no worker runs, so runs stay queued until a test cancels them.
/// </summary>
/// <param name="services">Replaces services after the app's own (e.g. a job client that fails).</param>
public sealed class ApiTestApp(
    TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ModelFolder { get; } = Directory.CreateTempSubdirectory("tb-models-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Thoughtboard", database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "false");
        builder.UseSetting("Models:Folder", ModelFolder);
        builder.UseTestDns();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public ThoughtboardDbContext Db() => database.CreateContext();

    /// <summary>A client that keeps cookies and follows no redirects, signed in through <c>POST /api/account/sign-in</c>.</summary>
    public async Task<HttpClient> SignedInClientAsync(User user, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostAsJsonAsync("/api/account/sign-in", new { userName = user.UserName, password });
        Assert.True(response.IsSuccessStatusCode, $"Signing in as {user.UserName} answered {(int)response.StatusCode}.");
        return client;
    }

    /// <summary>Stores a key with the given limits and returns a client that sends it.</summary>
    public async Task<(HttpClient Client, ApiKey Key)> ClientWithKeyAsync(int? requestsPerMinute = null, int? dailyQuota = null, int? maxItems = null, bool revoked = false)
    {
        var issued = ApiKeyTokens.Issue();
        var key = new ApiKey
        {
            Name = "test-" + issued.Prefix,
            Owner = "tests",
            Prefix = issued.Prefix,
            KeyHash = issued.Hash,
            RequestsPerMinute = requestsPerMinute,
            DailySubmissionQuota = dailyQuota,
            MaxItemsPerSubmission = maxItems,
            CreatedAt = DateTimeOffset.UtcNow,
            RevokedAt = revoked ? DateTimeOffset.UtcNow : null,
        };
        await using (var db = Db())
        {
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync();
        }
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Secret);
        return (client, key);
    }

    /// <summary>Stores a user with the given role and password, hashed the way the CLI does.</summary>
    public async Task<User> AddUserAsync(string userName, string password, UserRole role)
    {
        var user = new User { UserName = userName, Email = userName, PasswordHash = "", Role = role, CreatedAt = DateTimeOffset.UtcNow };
        user.PasswordHash = new PasswordHasher<User>().HashPassword(user, password);
        await using var db = Db();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>Registers a model row directly, as if POST /api/models had stored it.</summary>
    public async Task<LanguageModel> AddModelAsync(string? sha256 = null)
    {
        var model = SampleEntities.Model();
        model.Sha256 = sha256 ?? Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        await using var db = Db();
        db.Models.Add(model);
        await db.SaveChangesAsync();
        return model;
    }

    public async Task<(int Models, int Submissions, int Runs, int Idempotency)> CountRowsAsync()
    {
        await using var db = Db();
        return (await db.Models.CountAsync(), await db.Submissions.CountAsync(), await db.Runs.CountAsync(), await db.IdempotencyRecords.CountAsync());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(ModelFolder, recursive: true);
    }
}
