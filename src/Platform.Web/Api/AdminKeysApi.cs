using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Web.Auth;

namespace Platform.Web.Api;

/// <summary>API key administration; administrators only (signed in with the cookie).</summary>
public static class AdminKeysApi
{
    public static RouteGroupBuilder MapAdminKeysApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/admin/keys").WithTags("Administration").RequireAuthorization(ThoughtboardPolicies.Admin);
        group.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("Lists API keys (prefixes and limits, never secrets).");
        group.MapPost("/", CreateAsync).WithName("CreateApiKey").WithSummary("Issues an API key; the response holds the secret, shown this once.").CarriesSecret();
        group.MapDelete("/{id:long}", RevokeAsync).WithName("RevokeApiKey").WithSummary("Revokes an API key; requests with it get 401 from then on.");
        return group;
    }

    internal static async Task<Ok<IReadOnlyList<ApiKeySummary>>> ListAsync(ApiKeyService keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(cancellationToken: cancellationToken));

    internal static async Task<Results<Created<CreatedApiKey>, ValidationProblem>> CreateAsync(
        ApiKeyRequest request, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var errors = ApiKeyService.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var created = await keys.CreateAsync(request, cancellationToken);
        return TypedResults.Created($"/api/admin/keys/{created.Key.Id}", created);
    }

    internal static async Task<Results<Ok<ApiKeySummary>, NotFound>> RevokeAsync(long id, ApiKeyService keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, cancellationToken) is { } revoked ? TypedResults.Ok(revoked) : TypedResults.NotFound();
}
