namespace Platform.Web.Auth;

/// <summary>Authorization policy names. The Hangfire dashboard and the admin pages use <see cref="Admin"/>.</summary>
public static class ThoughtboardPolicies
{
    /// <summary>A user signed in with the cookie whose role is Admin. API keys never satisfy it.</summary>
    public const string Admin = "Admin";

    /// <summary>Anyone who may submit work: a signed-in user or a valid API key.</summary>
    public const string Submitter = "Submitter";

    /// <summary>A person signed in with the cookie: the policy of pages that act for someone. API keys never satisfy it.</summary>
    public const string SignedIn = "SignedIn";
}

/// <summary>Authentication scheme names and the claims they issue.</summary>
public static class ThoughtboardSchemes
{
    /// <summary>Picks <see cref="ApiKey"/> when the request carries a Bearer token, the cookie otherwise.</summary>
    public const string Default = "Thoughtboard";

    public const string Cookie = "Cookies";

    public const string ApiKey = "ApiKey";

    /// <summary>Claim holding the id of the API key a request came with.</summary>
    public const string ApiKeyIdClaim = "thoughtboard:api-key-id";

    /// <summary>Claim holding the key's requests-per-minute limit, absent when the key has none.</summary>
    public const string RequestsPerMinuteClaim = "thoughtboard:requests-per-minute";
}
