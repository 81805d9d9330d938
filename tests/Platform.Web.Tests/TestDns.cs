using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Platform.Data.Security;

namespace Platform.Web.Tests;

/// <summary>
/// Name resolution for the web tests, which must not reach a DNS server: names under example.org resolve to a public
/// address (nothing ever connects to it at registration), two names to a mix with a private address, and everything
/// else to what the machine itself answers (localhost from /etc/hosts).
/// </summary>
public static class TestDns
{
    public static readonly IPAddress Public = IPAddress.Parse("93.184.215.14");

    public static Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => host.ToLowerInvariant() switch
    {
        "mixed.example.org" => Task.FromResult(new[] { Public, IPAddress.Parse("10.1.2.3") }),
        "mapped.example.org" => Task.FromResult(new[] { IPAddress.Parse("::ffff:169.254.169.254") }),
        var name when name == "example.org" || name.EndsWith(".example.org", StringComparison.Ordinal) => Task.FromResult(new[] { Public }),
        var name when name.EndsWith(".invalid", StringComparison.Ordinal) =>
            Task.FromException<IPAddress[]>(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound)),
        _ => Dns.GetHostAddressesAsync(host, cancellationToken),
    };

    /// <summary>The app's model URL policy with default settings, resolving through <see cref="ResolveAsync"/>.</summary>
    public static IWebHostBuilder UseTestDns(this IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton(new ModelUrlPolicy(new ModelDownloadOptions(), ResolveAsync)));
}
