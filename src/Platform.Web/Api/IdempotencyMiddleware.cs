using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Web.Auth;

namespace Platform.Web.Api;

/// <summary>
/// Makes a POST with an <c>Idempotency-Key</c> header safe to retry. The key is reserved (one insert against a unique
/// index) before the request runs, so of concurrent requests with one key exactly one runs; the others get 409 until
/// it completes, then its stored answer. The same key with a different body is a client bug: 422. Keys belong to the
/// principal that sent them (an API key or a signed-in user); anonymous requests get no idempotency. An answer that
/// carries a secret (<see cref="IdempotencyExtensions.CarriesSecret"/>) is never stored: its replay is a 409 that says so.
/// </summary>
internal sealed class IdempotencyMiddleware(
    RequestDelegate next,
    IDbContextFactory<ThoughtboardDbContext> dbFactory,
    IOptions<ApiOptions> options,
    IProblemDetailsService problemDetails,
    TimeProvider clock,
    ILogger<IdempotencyMiddleware> logger)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    private const int MaxKeyLength = 200;

    /// <summary>How long a reservation holds when its request never completes (the process died): then the key is free.</summary>
    public static readonly TimeSpan PendingLease = TimeSpan.FromMinutes(10);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Headers.TryGetValue(HeaderName, out var values) ||
            Principal(context.User) is not { } principal)
        {
            await next(context);
            return;
        }
        var key = values.ToString().Trim();
        if (key.Length is 0 or > MaxKeyLength)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "Invalid Idempotency-Key",
                $"The Idempotency-Key header must hold 1 to {MaxKeyLength} characters, e.g. a UUID you generate per operation.");
            return;
        }

        var requestHash = await HashRequestAsync(context.Request);
        long reservation;
        await using (var db = await dbFactory.CreateDbContextAsync(context.RequestAborted))
        {
            var (reserved, stored) = await ReserveAsync(db, principal, key, requestHash, context.RequestAborted);
            if (reserved is not { } id)
            {
                await AnswerWithAsync(context, stored, key, requestHash);
                return;
            }
            reservation = id;
        }

        var original = context.Response.Body;
        await using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch
        {
            await ReleaseAsync(reservation);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        var status = context.Response.StatusCode;
        if (ShouldStore(status))
        {
            var secret = context.GetEndpoint()?.Metadata.GetMetadata<CarriesSecretMetadata>() is not null && status is >= 200 and < 300;
            var body = secret || captured.Length == 0 ? "null" : Encoding.UTF8.GetString(captured.ToArray());
            var now = clock.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            // Not cancellable: the effect happened, so its answer must be kept even if the client has gone.
            await db.IdempotencyRecords.Where(r => r.Id == reservation).ExecuteUpdateAsync(set => set
                .SetProperty(r => r.ResponseStatusCode, status)
                .SetProperty(r => r.ResponseJson, body)
                .SetProperty(r => r.SecretWithheld, secret)
                .SetProperty(r => r.ExpiresAt, now + options.Value.IdempotencyRetention), CancellationToken.None);
            // Expired answers are never replayed; clearing them here (an index range on ExpiresAt) keeps the table small.
            await db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(CancellationToken.None);
        }
        else
        {
            await ReleaseAsync(reservation);
        }
        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>
    /// Inserts a pending record unless the principal already holds the key. An expired record (an old answer, or the
    /// reservation of a request that never finished) is removed and the insert tried again.
    /// </summary>
    private async Task<(long? Reserved, IdempotencyRecord? Stored)> ReserveAsync(
        ThoughtboardDbContext db, (long? ApiKeyId, long? UserId) principal, string key, string requestHash, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = clock.GetUtcNow();
            var leaseEnd = now + PendingLease;
            var inserted = await db.Database.SqlQuery<long>($"""
                INSERT INTO "IdempotencyRecords" ("Key", "ApiKeyId", "UserId", "RequestHash", "ResponseJson", "SecretWithheld", "CreatedAt", "ExpiresAt")
                VALUES ({key}, {principal.ApiKeyId}, {principal.UserId}, {requestHash}, 'null'::jsonb, false, {now}, {leaseEnd})
                ON CONFLICT DO NOTHING
                RETURNING "Id" AS "Value"
                """).ToListAsync(cancellationToken);
            if (inserted.Count == 1)
            {
                return (inserted[0], null);
            }
            var stored = await db.IdempotencyRecords.AsNoTracking()
                .FirstOrDefaultAsync(r => r.ApiKeyId == principal.ApiKeyId && r.UserId == principal.UserId && r.Key == key, cancellationToken);
            if (stored is null)
            {
                continue; // released between the insert and the read
            }
            if (stored.ExpiresAt > now)
            {
                return (null, stored);
            }
            await db.IdempotencyRecords.Where(r => r.Id == stored.Id && r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        }
        return (null, null);
    }

    private async Task AnswerWithAsync(HttpContext context, IdempotencyRecord? stored, string key, string requestHash)
    {
        if (stored is not null && stored.RequestHash != requestHash)
        {
            await ProblemAsync(context, StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused with another request",
                $"The Idempotency-Key '{key}' was first used at {stored.CreatedAt:u} for a different request " +
                "(another path or body). Use a new key for a new operation.");
            return;
        }
        if (stored?.ResponseStatusCode is not { } status)
        {
            context.Response.Headers.RetryAfter = "1";
            await ProblemAsync(context, StatusCodes.Status409Conflict, "Request with this Idempotency-Key in progress",
                $"A request with the Idempotency-Key '{key}' is still being processed. Retry after it completes to get its answer.");
            return;
        }
        if (stored.SecretWithheld)
        {
            await ProblemAsync(context, StatusCodes.Status409Conflict, "Secret already issued",
                $"The request with the Idempotency-Key '{key}' succeeded at {stored.CreatedAt:u} (status {status}). Its answer held a secret, " +
                "which is shown only once and never stored, so it cannot be replayed. List what was created (e.g. GET /api/admin/keys) " +
                "and revoke it if the secret was lost.");
            return;
        }
        context.Response.StatusCode = status;
        context.Response.Headers[ReplayedHeaderName] = "true";
        if (stored.ResponseJson != "null")
        {
            context.Response.ContentType = status >= 400 ? "application/problem+json" : "application/json";
            await context.Response.WriteAsync(stored.ResponseJson, context.RequestAborted);
        }
    }

    /// <summary>A request that ended without an answer worth keeping frees its key, so the client can retry it.</summary>
    private async Task ReleaseAsync(long reservation)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.IdempotencyRecords.Where(r => r.Id == reservation && r.ResponseStatusCode == null).ExecuteDeleteAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The lease still frees the key later; the request's own outcome must not be hidden by this.
            logger.LogWarning(ex, "Could not release Idempotency-Key reservation {Reservation}", reservation);
        }
    }

    /// <summary>The scope of a key: the API key a request came with, else the signed-in user; none for anonymous callers.</summary>
    private static (long? ApiKeyId, long? UserId)? Principal(ClaimsPrincipal user)
    {
        if (long.TryParse(user.FindFirst(ThoughtboardSchemes.ApiKeyIdClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var keyId))
        {
            return (keyId, null);
        }
        if (user.Identity?.IsAuthenticated == true &&
            long.TryParse(user.FindFirst(ClaimTypes.NameIdentifier)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return (null, userId);
        }
        return null;
    }

    /// <summary>Answers that describe the request are kept; conflicts, throttling and server errors may go away on retry.</summary>
    private static bool ShouldStore(int status) =>
        status is >= 200 and < 500 and not StatusCodes.Status409Conflict and not StatusCodes.Status429TooManyRequests
            and not StatusCodes.Status401Unauthorized and not StatusCodes.Status403Forbidden;

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private async Task ProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}

/// <summary>Marks an endpoint whose successful answer holds a secret, which the idempotency layer must never store.</summary>
public sealed class CarriesSecretMetadata;

public static class IdempotencyExtensions
{
    /// <summary>The answer holds a secret shown once: a retry with the same Idempotency-Key gets 409, not the secret again.</summary>
    public static RouteHandlerBuilder CarriesSecret(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(new CarriesSecretMetadata());
}
