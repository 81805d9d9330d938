using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.Data.Entities;
using Platform.Web.Auth;

namespace Platform.Web.Components.Admin;

/// <summary>The buttons of <c>/admin/users</c>: form posts that change a user and come back to the page with a notice.</summary>
public static class AdminUserEndpoints
{
    public const string UsersPath = "/admin/users";

    public static IEndpointRouteBuilder MapAdminUserEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var users = endpoints.MapGroup(UsersPath).RequireAuthorization(ThoughtboardPolicies.Admin).RequireFormToken();
        users.MapPost("/{userId:long}/disable", async (long userId, ClaimsPrincipal admin, UserAdministration users, CancellationToken cancellationToken) =>
            Back(await users.DisableAsync(userId, ActingUserId(admin), cancellationToken)));
        users.MapPost("/{userId:long}/enable", async (long userId, UserAdministration users, CancellationToken cancellationToken) =>
            Back(await users.EnableAsync(userId, cancellationToken)));
        users.MapPost("/{userId:long}/role", async (long userId, [FromForm] string? role, ClaimsPrincipal admin, UserAdministration users, CancellationToken cancellationToken) =>
            Enum.TryParse<UserRole>(role, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(role, out _)
                ? Back(await users.SetRoleAsync(userId, parsed, ActingUserId(admin), cancellationToken))
                : Back($"'{role}' is not a role; use Admin or Member. Nothing was changed."));
        return endpoints;
    }

    private static long ActingUserId(ClaimsPrincipal admin) =>
        long.Parse(admin.FindFirst(ClaimTypes.NameIdentifier)!.Value, CultureInfo.InvariantCulture);

    private static RedirectHttpResult Back(string notice) => TypedResults.LocalRedirect($"{UsersPath}?notice={Uri.EscapeDataString(notice)}");
}
