using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Data.Security;
using Platform.Worker.Models;

namespace Platform.Worker.Tests.Models;

/// <summary>
/// Kestrel on 127.0.0.1 over https, with a self-signed certificate made for this server alone. It serves one file
/// at /model.gguf with Range support, and can drop the first response part way, redirect, fail, or hide the length.
/// </summary>
public sealed class LoopbackFileServer : IDisposable
{
    private readonly byte[] _content;
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate = SelfSigned();

    public LoopbackFileServer(byte[] content)
    {
        _content = content;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(_certificate)));
        _app = builder.Build();
        _app.Run(ServeAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(address).Port;
        Url = new Uri($"https://127.0.0.1:{Port}/model.gguf");
    }

    public Uri Url { get; }

    public int Port { get; }

    public int? CutOffFirstResponseAfter { get; set; }

    /// <summary>Waited before each body is sent, so a test can overlap a second request with a download in flight.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>When set, every request for the file is answered with this status and no body.</summary>
    public int? FailWithStatus { get; set; }

    /// <summary>Sent without Content-Length (chunked), so only the bytes received tell the size.</summary>
    public bool HideLength { get; set; }

    /// <summary>Paths answered with a 302 to the given location.</summary>
    public Dictionary<string, string> Redirects { get; } = [];

    public List<string?> RangeHeaders { get; } = [];

    public int Requests { get; private set; }

    /// <summary>A downloader client that trusts this server's certificate, and only it, through the product's handler.</summary>
    public HttpClient TrustingClient(ModelUrlPolicy policy) => ModelDownloader.CreateHttpClient(policy, handler =>
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
            presented is not null && presented.GetCertHashString() == _certificate.GetCertHashString());

    private async Task ServeAsync(HttpContext context)
    {
        Requests++;
        var response = context.Response;
        if (Redirects.TryGetValue(context.Request.Path, out var location))
        {
            response.StatusCode = 302;
            response.Headers.Location = location;
            return;
        }
        if (context.Request.Path != "/model.gguf" || FailWithStatus is not null)
        {
            response.StatusCode = FailWithStatus ?? 404;
            return;
        }
        string? range = context.Request.Headers.Range;
        RangeHeaders.Add(range);
        var from = range is null ? 0 : long.Parse(range["bytes=".Length..].TrimEnd('-'), CultureInfo.InvariantCulture);
        if (range is not null)
        {
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {from}-{_content.Length - 1}/{_content.Length}";
        }
        if (!HideLength)
        {
            response.ContentLength = _content.Length - from;
        }
        if (ResponseDelay > TimeSpan.Zero)
            await Task.Delay(ResponseDelay);
        var cut = CutOffFirstResponseAfter;
        CutOffFirstResponseAfter = null;
        var count = cut is { } c ? Math.Min(c, _content.Length - (int)from) : _content.Length - (int)from;
        await response.Body.WriteAsync(_content.AsMemory((int)from, count));
        await response.Body.FlushAsync();
        if (cut is not null)
        {
            // A flush hands the bytes to TLS, not to the client: give them a moment to arrive before the reset.
            await Task.Delay(200);
            context.Abort();
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
        _certificate.Dispose();
    }
}
