using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Platform.Data.Security;

/// <summary>The <c>ModelDownloads</c> section, read by the web app (registration) and by workers (download) alike.</summary>
public sealed class ModelDownloadOptions
{
    public const string Section = "ModelDownloads";

    /// <summary>
    /// Lets model URLs name loopback, private and other non-public addresses. Off by default: a public site must not
    /// let a submitter make its workers fetch from the site's own network. Only for closed deployments and tests.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>The largest model file a worker downloads, checked against the declared length and the bytes received.</summary>
    public long MaxBytes { get; set; } = 100_000_000_000;
}

/// <summary>A model URL or one of its host's addresses is not allowed; the message says which rule and why.</summary>
public sealed class ModelUrlRefusedException(string message) : IOException(message);

/// <summary>
/// Which URLs a model may be downloaded from, in one place for registration (web app) and download (worker): https
/// only, no credentials, at most <see cref="MaxUrlLength"/> characters, a .gguf path, and a host whose every address
/// is public. The download checks the addresses again when it connects (the resolver may answer differently the
/// second time), and connects only to addresses it checked. The class lives in Platform.Data because both the web
/// app and the worker reference it, and the evaluation core must stay free of network code.
/// </summary>
public sealed partial class ModelUrlPolicy(ModelDownloadOptions options, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    /// <summary>The length of the Models.Location column.</summary>
    public const int MaxUrlLength = 2048;

    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? Dns.GetHostAddressesAsync;

    public ModelDownloadOptions Options => options;

    /// <summary>
    /// The URL's form alone (no name lookup): null and the parsed URL when it is acceptable, else an error message.
    /// Messages never repeat the URL, which may carry a password.
    /// </summary>
    public static string? CheckForm(string url, out Uri? parsed)
    {
        parsed = null;
        if (url.Length > MaxUrlLength)
            return $"The URL has {url.Length} characters; at most {MaxUrlLength} are accepted.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Host.Length == 0)
            return "The URL is not an https URL; models are downloaded over https only.";
        if (uri.UserInfo.Length > 0 || Authority(url).Contains('@'))
            return "The URL contains a user name or password; credentials are never stored. Give a URL that needs none.";
        if (!uri.AbsolutePath.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
            return "The URL does not name a .gguf file.";
        parsed = uri;
        return null;
    }

    /// <summary>The text between "//" and the path, where credentials would be, even an empty "@" that Uri drops.</summary>
    private static ReadOnlySpan<char> Authority(string url)
    {
        var start = url.IndexOf("//", StringComparison.Ordinal);
        if (start < 0)
            return [];
        var rest = url.AsSpan(start + 2);
        var end = rest.IndexOfAny("/?#\\");
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>The form and every address of the host; null when the URL may be registered, else why not.</summary>
    public async Task<string?> CheckAsync(string url, CancellationToken cancellationToken)
    {
        if (CheckForm(url, out var uri) is { } error)
            return error;
        try
        {
            await ResolveAllowedAsync(uri!.IdnHost, cancellationToken);
            return null;
        }
        catch (ModelUrlRefusedException refused)
        {
            return refused.Message;
        }
    }

    /// <summary>Every address of <paramref name="host"/>, after checking that each one is allowed.</summary>
    /// <exception cref="ModelUrlRefusedException">The name does not resolve, or one of its addresses is not public.</exception>
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await _resolve(host, cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new ModelUrlRefusedException($"The host {host} could not be resolved ({ex.SocketErrorCode}); check the URL.");
            }
        }
        if (addresses.Length == 0)
            throw new ModelUrlRefusedException($"The host {host} has no address; check the URL.");
        if (!options.AllowPrivateAddresses && addresses.FirstOrDefault(a => Classify(a) is not null) is { } bad)
            throw new ModelUrlRefusedException(
                $"The host {host} has the address {bad}, {Classify(bad)}; models are downloaded from public addresses only.");
        return addresses;
    }

    /// <summary>The URL as it may be shown or logged: scheme, host, port and path, without credentials or query.</summary>
    public static string Display(Uri url) => url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    /// <summary>
    /// A stored location as it may be returned: a URL loses any user name and password (rows stored before URLs with
    /// credentials were refused may hold them); anything else is returned as it is.
    /// </summary>
    public static string Redact(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && !uri.IsFile && uri.UserInfo.Length > 0
            ? uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped)
            : location;

    /// <summary>
    /// Typed text (a refused URL, which need not parse) without anything that may be a user name or password, so it can
    /// be put back into a form or a message: from the start of the authority (after "//", or the text's start when there is
    /// none) through the last "@" before any query or fragment. A password may hold "/" or ":", so this does not stop at
    /// the path as a URL parser would; a path with an "@" loses its host too, which is only text shown back to its author.
    /// </summary>
    public static string WithoutCredentials(string text)
    {
        var slashes = text.IndexOf("//", StringComparison.Ordinal);
        var start = slashes < 0 ? 0 : slashes + 2;
        var end = text.IndexOfAny(['?', '#'], start);
        var at = text.LastIndexOf('@', end < 0 ? text.Length - 1 : end - 1, (end < 0 ? text.Length : end) - start);
        return at < 0 ? text : text[..start] + text[(at + 1)..];
    }

    /// <summary>A message without the credentials of any URL in it (from "//" through the next "@" before a space).</summary>
    public static string WithoutCredentialsInText(string message) => CredentialsAfterSlashes().Replace(message, "");

    [GeneratedRegex(@"(?<=//)[^\s@]*@")]
    private static partial Regex CredentialsAfterSlashes();

    /// <summary>Null for a public unicast address; otherwise what kind of address it is, in words.</summary>
    public static string? Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return ClassifyV4(address.GetAddressBytes());
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return "not an IP address";
        var bytes = address.GetAddressBytes();
        if (address.IsIPv4MappedToIPv6)
            return ClassifyV4(bytes[12..]) is { } mapped ? $"an IPv4-mapped form of {mapped}" : null;
        if (InPrefix(bytes, Nat64, 96))
            return ClassifyV4(bytes[12..]) is { } translated ? $"a NAT64 form of {translated}" : null;
        if (bytes[0] == 0x20 && bytes[1] == 0x02)
            return ClassifyV4(bytes[2..6]) is { } embedded ? $"a 6to4 form of {embedded}" : null;
        foreach (var (prefix, bits, kind) in BlockedV6)
        {
            if (InPrefix(bytes, prefix, bits))
                return kind;
        }
        // Outside 2000::/3 nothing is assigned as global unicast.
        return (bytes[0] & 0xE0) == 0x20 ? null : "a reserved IPv6 address";
    }

    private static string? ClassifyV4(byte[] b)
    {
        foreach (var (prefix, bits, kind) in BlockedV4)
        {
            if (InPrefix(b, prefix, bits))
                return kind;
        }
        return null;
    }

    private static bool InPrefix(byte[] address, byte[] prefix, int bits)
    {
        for (var i = 0; i < bits; i++)
        {
            var mask = 0x80 >> (i % 8);
            if ((address[i / 8] & mask) != (prefix[i / 8] & mask))
                return false;
        }
        return true;
    }

    private static readonly byte[] Nat64 = IPAddress.Parse("64:ff9b::").GetAddressBytes();

    private static (byte[] Prefix, int Bits, string Kind) V4(string prefix, int bits, string kind) => (IPAddress.Parse(prefix).GetAddressBytes(), bits, kind);

    private static (byte[] Prefix, int Bits, string Kind) V6(string prefix, int bits, string kind) => (IPAddress.Parse(prefix).GetAddressBytes(), bits, kind);

    // IANA's special-purpose registries; cloud metadata services live in 169.254/16, 100.64/10 and 192.0.0/24 (IPv4)
    // and in fd00::/8 (IPv6), all covered.
    private static readonly (byte[] Prefix, int Bits, string Kind)[] BlockedV4 =
    [
        V4("0.0.0.0", 8, "an unspecified (\"this network\") address"),
        V4("10.0.0.0", 8, "a private address"),
        V4("100.64.0.0", 10, "a carrier-grade NAT (shared) address"),
        V4("127.0.0.0", 8, "a loopback address"),
        V4("169.254.0.0", 16, "a link-local address (cloud metadata services live here)"),
        V4("172.16.0.0", 12, "a private address"),
        V4("192.0.0.0", 24, "an IETF protocol address"),
        V4("192.0.2.0", 24, "a documentation address"),
        V4("192.88.99.0", 24, "a 6to4 relay address"),
        V4("192.168.0.0", 16, "a private address"),
        V4("198.18.0.0", 15, "a benchmarking address"),
        V4("198.51.100.0", 24, "a documentation address"),
        V4("203.0.113.0", 24, "a documentation address"),
        V4("224.0.0.0", 4, "a multicast address"),
        V4("240.0.0.0", 4, "a reserved or broadcast address"),
    ];

    private static readonly (byte[] Prefix, int Bits, string Kind)[] BlockedV6 =
    [
        V6("::", 128, "the unspecified address"),
        V6("::1", 128, "a loopback address"),
        V6("::", 96, "an IPv4-compatible address"),
        V6("64:ff9b:1::", 48, "a local NAT64 address"),
        V6("100::", 64, "a discard-only address"),
        V6("2001::", 32, "a Teredo address"),
        V6("2001::", 23, "an IETF protocol address"),
        V6("2001:db8::", 32, "a documentation address"),
        V6("3fff::", 20, "a documentation address"),
        V6("fc00::", 7, "a unique-local address"),
        V6("fe80::", 10, "a link-local address"),
        V6("fec0::", 10, "a site-local address"),
        V6("ff00::", 8, "a multicast address"),
    ];
}
