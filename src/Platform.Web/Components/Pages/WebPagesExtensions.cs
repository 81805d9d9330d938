using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Platform.Web.Auth;
using Platform.Web.Components.Admin;
using Platform.Web.Export;
using Platform.Web.Leaderboard;

namespace Platform.Web.Components.Pages;

/// <summary>Services and endpoints of the browser pages beyond the Razor components themselves.</summary>
public static class WebPagesExtensions
{
    public static IServiceCollection AddThoughtboardPages(this IServiceCollection services)
    {
        services.AddSingleton<RunDetailsQuery>();
        services.AddSingleton<ModelPageQuery>();
        services.AddSingleton<CompareQuery>();
        services.AddSingleton<RunListQuery>();
        services.AddSingleton<SamplingCurveQuery>();
        return services;
    }

    public static IEndpointRouteBuilder MapThoughtboardPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRunItemExports();
        endpoints.MapAdminEndpoints();
        // A form post (with an anti-forgery token) that ends the cookie session and goes back to the start page.
        endpoints.MapPost("/account/logout", async (HttpContext context, [FromForm] string? returnUrl) =>
        {
            await context.SignOutAsync(ThoughtboardSchemes.Cookie);
            return TypedResults.LocalRedirect(LocalReturnUrl.OrDefault(returnUrl));
        }).RequireFormToken();
        return endpoints;
    }
}
