using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Platform.Data.Entities;

namespace Platform.Web.Auth;

public static class ThoughtboardAuthExtensions
{
    public const string CookieName = "thoughtboard";

    /// <summary>Cookie sign-in for people, Bearer API keys for programs, and the Admin and Submitter policies.</summary>
    public static IHostApplicationBuilder AddThoughtboardAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddSingleton<ApiKeyService>();
        builder.Services.AddSingleton<UserSignIn>();

        builder.Services.AddAuthentication(ThoughtboardSchemes.Default)
            .AddPolicyScheme(ThoughtboardSchemes.Default, "Cookie or API key", options =>
                options.ForwardDefaultSelector = SelectScheme)
            .AddCookie(ThoughtboardSchemes.Cookie, options =>
            {
                options.LoginPath = "/account/login";
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                // Secure whenever the request is https (also behind a trusted proxy that says so, see SecurityOptions).
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                // Programs calling the API get a status (and a problem document from the status code pages),
                // not a redirect to a sign-in page they cannot use.
                options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
                // A cookie is only as good as its user's current security stamp (disable, role, password, sign-out).
                options.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<SessionStamps>().ValidateAsync(context);
                options.Events.OnSigningOut = context => context.HttpContext.RequestServices.GetRequiredService<SessionStamps>().SigningOutAsync(context);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ThoughtboardSchemes.ApiKey, null);

        builder.Services.AddAuthorizationBuilder()
            // Only cookie principals carry a role claim, so an API key is authenticated but never an admin: 403.
            .AddPolicy(ThoughtboardPolicies.Admin, policy => policy.RequireRole(nameof(UserRole.Admin)))
            .AddPolicy(ThoughtboardPolicies.Submitter, policy => policy.RequireAuthenticatedUser())
            // Pages authenticate with the cookie alone: a Bearer key on a page is anonymous there and sent to sign in.
            .AddPolicy(ThoughtboardPolicies.SignedIn, policy => policy.AddAuthenticationSchemes(ThoughtboardSchemes.Cookie).RequireAuthenticatedUser());
        return builder;
    }

    private static string SelectScheme(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ThoughtboardSchemes.ApiKey;
        }
        // An anonymous API call is challenged by the key scheme, whose 401 explains how to send a key.
        return context.Request.Path.StartsWithSegments("/api") && !context.Request.Cookies.ContainsKey(CookieName)
            ? ThoughtboardSchemes.ApiKey
            : ThoughtboardSchemes.Cookie;
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }
}
