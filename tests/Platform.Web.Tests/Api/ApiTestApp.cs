using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Data.Security;
using Platform.Testing;
using Platform.Web.Api;

namespace Platform.Web.Tests.Api;

/// <summary>
/// The real web app on a test database, with a model folder of its own and <see cref="RecordingEvaluationQueue"/>
/// standing in for the job system's enqueue side (it writes the submission and run rows a queue would).
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
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.AddSingleton<IEvaluationQueue, RecordingEvaluationQueue>());
    }

    public ThoughtboardDbContext Db() => database.CreateContext();

    /// <summary>Stores a key with the given limits and returns a client that sends it.</summary>
    public async Task<(HttpClient Client, ApiKey Key)> ClientWithKeyAsync(int? requestsPerMinute = null, int? dailyQuota = null, int? maxItems = null, bool revoked = false)
    {
        var issued = ApiKeyTokens.Issue();
        var key = new ApiKey
        {
            Name = "test-" + issued.Prefix,
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

/// <summary>
/// Writes what the job system's enqueue side stores for an order: a submission and one queued run per
/// (suite, style), with suite and style rows found or created by name. It queues no job: no worker runs here.
/// </summary>
internal sealed class RecordingEvaluationQueue(IDbContextFactory<ThoughtboardDbContext> dbFactory) : IEvaluationQueue
{
    public async Task<long> SubmitAsync(EvaluationOrder order, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var suites = new List<BenchmarkSuite>();
        foreach (var name in order.Suites)
        {
            suites.Add(await db.Suites.FirstOrDefaultAsync(s => s.Name == name, cancellationToken) ?? new BenchmarkSuite
            {
                Name = name, Version = "1", TaskType = "Arithmetic", AnswerKind = "Number", ContentHash = new string('d', 64), CreatedAt = now,
            });
        }
        var styles = new List<ThinkingStyle>();
        foreach (var label in order.Styles)
        {
            styles.Add(await db.Styles.FirstOrDefaultAsync(s => s.Name == label, cancellationToken) ?? new ThinkingStyle
            {
                Name = label, Version = "1", CreatedAt = now,
            });
        }
        var submission = new Submission
        {
            ModelId = order.ModelId,
            ApiKeyId = order.ApiKeyId,
            UserId = order.UserId,
            Suites = suites,
            Styles = styles,
            DecodingSettingsJson = JsonSerializer.Serialize(order.Settings, ApiTestApp.Json),
            ItemLimit = order.Limit,
            Seed = order.Seed,
            IdempotencyKey = order.IdempotencyKey,
            RequestHash = order.RequestHash,
            State = SubmissionState.Queued,
            CreatedAt = now,
        };
        foreach (var suite in suites)
        {
            foreach (var style in styles)
            {
                submission.Runs.Add(new Run
                {
                    ModelId = order.ModelId, Suite = suite, Style = style, Seed = order.Seed, ItemLimit = order.Limit,
                    DecodingSettingsJson = submission.DecodingSettingsJson, ConfigHash = Guid.NewGuid().ToString("N"),
                    State = RunState.Queued, CreatedAt = now,
                });
            }
        }
        db.Submissions.Add(submission);
        await db.SaveChangesAsync(cancellationToken);
        return submission.Id;
    }

    public async Task CancelAsync(long submissionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Runs.Where(r => r.SubmissionId == submissionId && (r.State == RunState.Queued || r.State == RunState.Running))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.State, RunState.Cancelled).SetProperty(r => r.FailureReason, "Cancelled by the submitter."), cancellationToken);
        await db.Submissions.Where(s => s.Id == submissionId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.State, SubmissionState.Cancelled), cancellationToken);
    }
}
