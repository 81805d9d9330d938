namespace Platform.Web.Components;

/// <summary>
/// The one check for every <c>returnUrl</c> the site follows (sign-in, sign-out, the admin console's buttons): a path
/// on this site, or the fallback. It is stricter than <c>LocalRedirect</c>'s own test, so following the answer can
/// never throw, and it refuses what browsers read as another host ("//x", "/\x") or mangle (controls, spaces).
/// </summary>
public static class LocalReturnUrl
{
    public const int MaxLength = 2048;

    public static string OrDefault(string? returnUrl, string fallback = "/") => IsSafe(returnUrl) ? returnUrl! : fallback;

    public static bool IsSafe(string? url) =>
        url is { Length: > 0 and <= MaxLength }
        && url[0] == '/'
        && !(url.Length > 1 && url[1] is '/' or '\\')
        && !url.AsSpan().ContainsAny(Forbidden);

    // Backslashes turn into slashes in browsers; controls and whitespace are dropped or make the redirect throw.
    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create(
        "\\ \u00a0\u2028\u2029" + string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c)) + "\u007f");
}
