using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
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
public sealed class ApiTestApp(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
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
    }

    public ThoughtboardDbContext Db() => database.CreateContext();

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
