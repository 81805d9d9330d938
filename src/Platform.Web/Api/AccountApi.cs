using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Web.Auth;

namespace Platform.Web.Api;

public sealed record SignInRequest(string? UserName, string? Password);

public sealed record AccountResponse(string Name, string? Role, string Kind);

/// <summary>Cookie sign-in for people using the web console; programs use API keys instead.</summary>
public static class AccountApi
{
    public static RouteGroupBuilder MapAccountApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/account").WithTags("Account");
        group.MapPost("/sign-in", SignInAsync).AllowAnonymous().WithName("SignIn").WithMetadata(new SignInAttemptAttribute())
            .WithSummary("Signs a user in with user name (or email) and password; sets the session cookie. " +
                "Repeated wrong passwords lock the account for a while; too many attempts from one address get 429.");
        group.MapPost("/sign-out", (Delegate)SignOutAsync).AllowAnonymous().WithName("SignOut")
            .WithSummary("Ends the cookie session, and every other session of the same user.");
        group.MapGet("/me", Me).RequireAuthorization(ThoughtboardPolicies.Submitter).WithName("WhoAmI")
            .WithSummary("Who the request is authenticated as: a user (with role) or an API key.");
        return group;
    }

    internal static async Task<Results<Ok<AccountResponse>, ValidationProblem, ProblemHttpResult>> SignInAsync(
        SignInRequest request, HttpContext context, UserSignIn signIn, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["userName"] = ["Give the user name (or email) and the password."],
            });
        }
        var result = await signIn.VerifyAsync(request.UserName, request.Password, cancellationToken);
        if (result.Principal is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: result.Message);
        }
        await context.SignInAsync(ThoughtboardSchemes.Cookie, result.Principal);
        return TypedResults.Ok(Describe(result.Principal));
    }

    internal static async Task<NoContent> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(ThoughtboardSchemes.Cookie);
        return TypedResults.NoContent();
    }

    internal static Ok<AccountResponse> Me(ClaimsPrincipal user) => TypedResults.Ok(Describe(user));

    private static AccountResponse Describe(ClaimsPrincipal user) => new(
        user.Identity?.Name ?? "",
        user.FindFirst(ClaimTypes.Role)?.Value,
        user.HasClaim(c => c.Type == ThoughtboardSchemes.ApiKeyIdClaim) ? "api-key" : "user");
}
