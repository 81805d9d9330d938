using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Data.Security;

namespace Platform.Web.Auth;

/// <summary>What an administrator asks for when issuing a key; null limits mean none.</summary>
public sealed record ApiKeyRequest(string Name, string? Owner = null, int? DailySubmissionQuota = null, int? RequestsPerMinute = null, int? MaxItemsPerSubmission = null);

/// <summary>A key as listed to administrators: never the secret, never the hash.</summary>
public sealed record ApiKeySummary(
    long Id, string Name, string Prefix, string Owner, int? DailySubmissionQuota, int? RequestsPerMinute, int? MaxItemsPerSubmission,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeySummary From(ApiKey key) => new(
        key.Id, key.Name, key.Prefix, key.Owner, key.DailySubmissionQuota, key.RequestsPerMinute, key.MaxItemsPerSubmission,
        key.CreatedAt, key.LastUsedAt, key.RevokedAt);
}

/// <summary>A key just created: <see cref="Secret"/> is the only time the full key is ever shown.</summary>
public sealed record CreatedApiKey(ApiKeySummary Key, string Secret);

/// <summary>Issues, lists and revokes API keys; used by the admin console and the admin API.</summary>
public sealed class ApiKeyService(IDbContextFactory<ThoughtboardDbContext> dbFactory, TimeProvider clock)
{
    /// <exception cref="ArgumentException">The name is empty, the owner too long or a limit not positive.</exception>
    public async Task<CreatedApiKey> CreateAsync(ApiKeyRequest request, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Values.SelectMany(v => v)));
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var issued = ApiKeyTokens.Issue();
        var key = new ApiKey
        {
            Name = request.Name.Trim(),
            Prefix = issued.Prefix,
            KeyHash = issued.Hash,
            Owner = request.Owner?.Trim() ?? "",
            DailySubmissionQuota = request.DailySubmissionQuota,
            RequestsPerMinute = request.RequestsPerMinute,
            MaxItemsPerSubmission = request.MaxItemsPerSubmission,
            CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(ApiKeySummary.From(key), issued.Secret);
    }

    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(bool includeRevoked = true, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking()
            .Where(k => includeRevoked || k.RevokedAt == null)
            .OrderBy(k => k.Id)
            .ToListAsync(cancellationToken);
        return keys.Select(ApiKeySummary.From).ToList();
    }

    /// <summary>Revokes the key; revoking twice keeps the first moment. Returns null when there is no such key.</summary>
    public async Task<ApiKeySummary?> RevokeAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return null;
        }
        key.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return ApiKeySummary.From(key);
    }

    /// <summary>Field errors of a request, keyed by the JSON name of the field; empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(ApiKeyRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200)
        {
            errors["name"] = ["Give the key a name of 1 to 200 characters, e.g. the person or system that will use it."];
        }
        if (request.Owner is { Length: > 200 })
        {
            errors["owner"] = ["The owner (who the key is for: a person, team or e-mail address) has at most 200 characters."];
        }
        if (request.DailySubmissionQuota is < 1)
        {
            errors["dailySubmissionQuota"] = ["The daily submission quota must be at least 1 (leave it out for no quota)."];
        }
        if (request.RequestsPerMinute is < 1)
        {
            errors["requestsPerMinute"] = ["The rate limit must be at least 1 request per minute (leave it out for the default)."];
        }
        if (request.MaxItemsPerSubmission is < 1)
        {
            errors["maxItemsPerSubmission"] = ["The item limit per submission must be at least 1 (leave it out for none)."];
        }
        return errors;
    }
}
