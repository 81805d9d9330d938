using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Web.Auth;

namespace Platform.Web.Api;

/// <summary>
/// Makes a POST with an <c>Idempotency-Key</c> header safe to retry: the first answer is stored, and the same
/// key with the same body gets that answer again without a second effect. The same key with a different body
/// is a client bug and gets 422. Keys are scoped to the API key that sent them (signed-in users share one scope).
/// </summary>
internal sealed class IdempotencyMiddleware(
    RequestDelegate next,
    IDbContextFactory<ThoughtboardDbContext> dbFactory,
    IOptions<ApiOptions> options,
    IProblemDetailsService problemDetails,
    TimeProvider clock)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    private const int MaxKeyLength = 200;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Headers.TryGetValue(HeaderName, out var values))
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

        var apiKeyId = long.TryParse(context.User.FindFirst(ThoughtboardSchemes.ApiKeyIdClaim)?.Value, CultureInfo.InvariantCulture, out var id)
            ? id
            : (long?)null;
        var requestHash = await HashRequestAsync(context.Request);
        var now = clock.GetUtcNow();

        await using (var db = await dbFactory.CreateDbContextAsync(context.RequestAborted))
        {
            var stored = await db.IdempotencyRecords.AsNoTracking()
                .FirstOrDefaultAsync(r => r.ApiKeyId == apiKeyId && r.Key == key, context.RequestAborted);
            if (stored is not null && stored.ExpiresAt > now)
            {
                if (stored.RequestHash != requestHash)
                {
                    await ProblemAsync(context, StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused with another request",
                        $"The Idempotency-Key '{key}' was first used at {stored.CreatedAt:u} for a different request " +
                        "(another path or body). Use a new key for a new operation.");
                    return;
                }
                context.Response.StatusCode = stored.ResponseStatusCode;
                context.Response.Headers[ReplayedHeaderName] = "true";
                if (stored.ResponseJson != "null")
                {
                    context.Response.ContentType = stored.ResponseStatusCode >= 400 ? "application/problem+json" : "application/json";
                    await context.Response.WriteAsync(stored.ResponseJson, context.RequestAborted);
                }
                return;
            }
            if (stored is not null)
            {
                await db.IdempotencyRecords.Where(r => r.Id == stored.Id).ExecuteDeleteAsync(context.RequestAborted);
            }
        }

        var original = context.Response.Body;
        await using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var status = context.Response.StatusCode;
        if (ShouldStore(status))
        {
            var body = Encoding.UTF8.GetString(captured.ToArray());
            await using var db = await dbFactory.CreateDbContextAsync(context.RequestAborted);
            // Expired answers are never replayed; clearing them here (an index range on ExpiresAt) keeps the table small.
            await db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(context.RequestAborted);
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Key = key,
                ApiKeyId = apiKeyId,
                RequestHash = requestHash,
                ResponseStatusCode = status,
                ResponseJson = body.Length == 0 ? "null" : body,
                CreatedAt = now,
                ExpiresAt = now + options.Value.IdempotencyRetention,
            });
            try
            {
                await db.SaveChangesAsync(context.RequestAborted);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // A concurrent request with the same key stored its answer first; this one's effect already happened
                // and is answered normally, which is what the retrying client would have seen anyway.
            }
        }
        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
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
