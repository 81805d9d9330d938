using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Platform.Data;
using Platform.Web.Api;
using Platform.Web.Auth;
using Platform.Web.Components;
using Platform.Web.Components.Pages;
using Platform.Web.Health;
using Platform.Web.Jobs;

namespace Platform.Web;

public static class ThoughtboardWebExtensions
{
    /// <summary>Services of the web app: data access, health checks, Razor components.</summary>
    public static IHostApplicationBuilder AddThoughtboardWeb(this IHostApplicationBuilder builder)
    {
        builder.AddThoughtboardData();
        builder.AddThoughtboardJobs();

        // Development does this by itself. Elsewhere it lets a plain build output (not only a publish
        // output) serve wwwroot, which is how ./thoughtboard up runs the app; a publish output has no
        // manifest and this does nothing.
        if (!builder.Environment.IsDevelopment() && builder.Environment is IWebHostEnvironment web)
        {
            StaticWebAssetsLoader.UseStaticWebAssets(web, builder.Configuration);
        }

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadyHealthCheck>("database", tags: [HealthTags.Ready], timeout: TimeSpan.FromSeconds(10));
        builder.Services.AddRazorComponents();
        builder.Services.AddThoughtboardPages();
        builder.AddThoughtboardAuth();
        builder.AddThoughtboardSecurity();
        builder.AddThoughtboardApi();
        return builder;
    }

    /// <summary>The request pipeline and every endpoint of the web app.</summary>
    public static WebApplication MapThoughtboard(this WebApplication app)
    {
        app.UseThoughtboardSecurity();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseThoughtboardApi();
        app.UseAntiforgery();

        // Liveness runs no check: the process answering is the whole question.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
            ResponseWriter = HealthResponse.WriteAsync,
        });

        app.MapThoughtboardApi();
        app.MapStaticAssets();
        app.MapThoughtboardPages();
        app.MapRazorComponents<App>();
        return app;
    }
}
