namespace Platform.Data.Entities;

/// <summary>
/// The stored answer to a request made with an Idempotency-Key header, so that a retry gets the same
/// answer instead of a second effect. A repeated key with a different request hash is an error.
/// </summary>
public class IdempotencyRecord
{
    public long Id { get; set; }

    public required string Key { get; set; }

    public long? ApiKeyId { get; set; }

    public ApiKey? ApiKey { get; set; }

    public required string RequestHash { get; set; }

    public int ResponseStatusCode { get; set; }

    /// <summary>The response body as JSON (jsonb).</summary>
    public string ResponseJson { get; set; } = "null";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>After this moment the key may be reused.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
