using System.Security.Cryptography;

namespace Platform.Web.Auth;

/// <summary>
/// Adds a Content-Security-Policy and the usual hardening headers to every response, error pages included.
/// The pages allow scripts from this site only, plus the one inline import map Blazor renders, which carries a
/// per-request nonce (see <see cref="NonceOf"/>); inline style attributes stay allowed because the SVG charts use
/// them. The API reference at /api/docs (Scalar) and the Hangfire dashboard run inline scripts of their own, so
/// they get a policy that allows inline script but still no other origin. No page may be framed.
/// </summary>
public static class SecurityHeaders
{
    public const string HangfirePath = "/admin/hangfire";
    public const string ApiDocsPath = "/api/docs";

    private const string NonceKey = "thoughtboard:csp-nonce";

    private const string Common =
        "default-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The nonce an inline script of this response must carry, or "" outside a request with the headers.</summary>
    public static string NonceOf(HttpContext? context) => context?.Items[NonceKey] as string ?? "";

    public static string PolicyFor(PathString path, string nonce) =>
        path.StartsWithSegments(ApiDocsPath) || path.StartsWithSegments(HangfirePath)
            ? $"{Common}; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:"
            : $"{Common}; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        // At the start of the response, so headers survive the exception handler and status code pages clearing it.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = PolicyFor(context.Request.Path, nonce);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
