using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Platform.Data;
using Platform.Jobs;
using Platform.Web.Auth;
using Platform.Web.Leaderboard;
using Scalar.AspNetCore;

namespace Platform.Web.Api;

public static class ThoughtboardApiExtensions
{
    /// <summary>Rate limiter policy of every /api endpoint: per API key, per signed-in user, or per client address.</summary>
    public const string RateLimitPolicy = "api";

    /// <summary>Services of the REST API: problem details, JSON settings, rate limits, OpenAPI, the leaderboard query.</summary>
    public static IHostApplicationBuilder AddThoughtboardApi(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ApiOptions.Section);
        SettingsProblems.ThrowIfAny((section.Get<ApiOptions>() ?? new ApiOptions()).Problems());
        builder.Services.Configure<ApiOptions>(section);
        builder.Services.Configure<ModelFolderOptions>(builder.Configuration.GetSection(ModelFolderOptions.Section));
        builder.AddModelUrlPolicy();
        builder.Services.AddSingleton<LeaderboardQuery>();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        // Binding failures throw, so ApiErrorMiddleware can answer with the reason instead of a bare 400; outside
        // /api, UseThoughtboardApi turns them back into their status code (the exception handler would make them 500s).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(RateLimitPolicy, context =>
            {
                var api = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value;
                var (partition, perMinute) = Partition(context, api);
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = ThoughtboardSecurityExtensions.IsSignInAttempt(rejected.HttpContext)
                            ? $"Too many sign-in attempts from this address; retry in {seconds} s."
                            : $"The request rate limit was reached; retry in {seconds} s. An administrator can raise this key's limit.",
                    },
                });
            };
        });

        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Thoughtboard API";
            document.Info.Description = "Register GGUF models, submit evaluations, follow runs and read the leaderboard. " +
                "Send 'Authorization: Bearer <API key>'; the leaderboard is public.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ThoughtboardSchemes.ApiKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key from 'thoughtboard apikey create' or the admin console: tb_<prefix>_<secret>.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ThoughtboardSchemes.ApiKey, document)] = [] }];
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>
    /// API middleware: problem documents for every /api error status, the body size limit, authentication,
    /// authorization, rate limits and Idempotency-Key handling. Call it before the antiforgery middleware.
    /// </summary>
    public static WebApplication UseThoughtboardApi(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ThoughtboardApiExtensions))
                    .LogInformation("Bad request to {Path}: {Reason}", context.Request.Path, ex.Message);
                // A plain answer: re-executing the status code page would replay this POST against a Blazor page.
                context.Response.Clear();
                context.Response.StatusCode = ex.StatusCode;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync($"Bad request: {ex.Message}", context.RequestAborted);
            }
        });
        app.UseWhen(IsApi, api =>
        {
            // Inside the site-wide error page and status code pages, which render HTML: an API client gets a
            // problem document instead, for unhandled exceptions (500) as for every error status.
            api.UseExceptionHandler();
            api.UseStatusCodePages();
            api.UseMiddleware<ApiErrorMiddleware>();
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseWhen(IsApi, api => api.UseMiddleware<IdempotencyMiddleware>());
        return app;
    }

    /// <summary>Every /api endpoint, the OpenAPI document at /openapi/v1.json and its reference UI at /api/docs.</summary>
    public static WebApplication MapThoughtboardApi(this WebApplication app)
    {
        var api = app.MapGroup("").RequireRateLimiting(RateLimitPolicy);
        api.MapModelsApi();
        api.MapSubmissionsApi();
        api.MapRunsApi();
        api.MapSamplingApi();
        api.MapLeaderboardApi();
        api.MapAdminKeysApi();
        api.MapAccountApi();
        app.MapOpenApi();
        // Scalar's default fonts come from fonts.scalar.com, which the Content-Security-Policy does not allow.
        app.MapScalarApiReference("/api/docs", options => options.WithTitle("Thoughtboard API").DisableDefaultFonts());
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    private static (string Partition, int PerMinute) Partition(HttpContext context, ApiOptions api)
    {
        var user = context.User;
        if (user.FindFirst(ThoughtboardSchemes.ApiKeyIdClaim)?.Value is { } keyId)
        {
            var perMinute = int.TryParse(user.FindFirst(ThoughtboardSchemes.RequestsPerMinuteClaim)?.Value, CultureInfo.InvariantCulture, out var limit)
                ? limit
                : api.DefaultRequestsPerMinute;
            // The limit is part of the partition, so a changed limit takes effect at once.
            return ($"key:{keyId}:{perMinute}", perMinute);
        }
        if (user.Identity?.IsAuthenticated == true && user.FindFirst(ClaimTypes.NameIdentifier)?.Value is { } userId)
        {
            return ($"user:{userId}", api.DefaultRequestsPerMinute);
        }
        return ($"ip:{context.Connection.RemoteIpAddress}", api.AnonymousRequestsPerMinute);
    }
}
