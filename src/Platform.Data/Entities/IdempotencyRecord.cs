namespace Platform.Data.Entities;

/// <summary>
/// A request made with an Idempotency-Key header, reserved before it runs and completed with its answer, so that a
/// retry gets the same answer instead of a second effect. Each key belongs to one principal: exactly one of
/// <see cref="ApiKeyId"/> and <see cref="UserId"/> is set. A repeated key with a different request hash is an error.
/// </summary>
public class IdempotencyRecord
{
    public long Id { get; set; }

    public required string Key { get; set; }

    public long? ApiKeyId { get; set; }

    public ApiKey? ApiKey { get; set; }

    public long? UserId { get; set; }

    public User? User { get; set; }

    public required string RequestHash { get; set; }

    /// <summary>Null while the first request is still running (the key is reserved); its answer's status after.</summary>
    public int? ResponseStatusCode { get; set; }

    /// <summary>The response body as JSON (jsonb); "null" while pending, when empty, and when <see cref="SecretWithheld"/>.</summary>
    public string ResponseJson { get; set; } = "null";

    /// <summary>The answer carried a secret (a new API key), so its body was not kept and a replay cannot repeat it.</summary>
    public bool SecretWithheld { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>After this moment the key may be reused: a pending reservation's lease, or a completed answer's retention.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
