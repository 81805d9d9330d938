using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Web.Export;
using Platform.Web.Leaderboard;

namespace Platform.Web.Components.Pages;

/// <summary>Services and endpoints of the browser pages beyond the Razor components themselves.</summary>
public static class WebPagesExtensions
{
    public static IServiceCollection AddThoughtboardPages(this IServiceCollection services)
    {
        // The API registers the board query too; whichever comes first wins, both are the same singleton.
        services.TryAddSingleton<LeaderboardQuery>();
        services.AddSingleton<RunDetailsQuery>();
        services.AddSingleton<ModelPageQuery>();
        services.AddSingleton<CompareQuery>();
        services.AddSingleton<RunListQuery>();
        return services;
    }

    public static IEndpointRouteBuilder MapThoughtboardPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRunItemExports();
        return endpoints;
    }
}
