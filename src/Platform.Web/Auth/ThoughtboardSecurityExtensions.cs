using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Platform.Jobs;

namespace Platform.Web.Auth;

/// <summary>Marks the endpoints that check a password: their POSTs share one per-address rate limit.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SignInAttemptAttribute : Attribute;

/// <summary>Sign-in lockout and rate limit, failed-Bearer guard, session stamps, security headers and trusted proxies.</summary>
public static class ThoughtboardSecurityExtensions
{
    public static IHostApplicationBuilder AddThoughtboardSecurity(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SecurityOptions.Section);
        SettingsProblems.ThrowIfAny((section.Get<SecurityOptions>() ?? new SecurityOptions()).Problems());
        builder.Services.Configure<SecurityOptions>(section);
        builder.Services.AddSingleton<SessionStamps>();
        builder.Services.AddSingleton<BearerFailureGuard>();
        builder.Services.AddSingleton<UserAdministration>();
        builder.Services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        // Runs for every request in addition to the endpoint's own policy; only sign-in POSTs are counted.
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((limiter, security) =>
        {
            var perMinute = security.Value.SignInAttemptsPerMinute;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInAttempt(context)
                ? RateLimitPartition.GetFixedWindowLimiter($"sign-in:{context.Connection.RemoteIpAddress}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(""));
        });
        return builder;
    }

    /// <summary>
    /// First in the pipeline: the client address from trusted proxies, HSTS outside Development, security headers
    /// on every response, and the failed-Bearer guard, which must run before authentication.
    /// </summary>
    public static WebApplication UseThoughtboardSecurity(this WebApplication app)
    {
        var security = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (security.TrustedProxies.Length > 0)
        {
            app.UseForwardedHeaders(ForwardedHeadersFrom(security));
        }
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseSecurityHeaders();
        var guard = app.Services.GetRequiredService<BearerFailureGuard>();
        app.Use((context, next) => guard.InvokeAsync(context, next));
        return app;
    }

    public static bool IsSignInAttempt(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<SignInAttemptAttribute>() is not null;

    /// <summary>
    /// Only X-Forwarded-For and X-Forwarded-Proto, only from the listed proxies; every trusted hop is unwrapped
    /// (no forward limit), and the first untrusted address is the client.
    /// </summary>
    private static ForwardedHeadersOptions ForwardedHeadersFrom(SecurityOptions security)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = null,
        };
        // The defaults trust loopback; only what is configured is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in security.TrustedProxies.Select(e => e.Trim()))
        {
            if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
            }
        }
        return options;
    }
}
