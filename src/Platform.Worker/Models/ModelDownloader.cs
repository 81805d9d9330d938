using Platform.Gguf;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Data.Security;

namespace Platform.Worker.Models;

/// <summary>A model file could not be downloaded; the message says why and whether running again resumes.</summary>
public sealed class ModelDownloadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Bytes on disk so far and the full size when the server said it.</summary>
public readonly record struct DownloadProgress(long Received, long? Total);

/// <summary>
/// Downloads a GGUF file registered by URL into a worker's model cache. The file is named by its SHA-256, written
/// to <c>&lt;sha256&gt;.gguf.part</c> first and renamed only after the hash matched, so a file under its final name
/// is always complete and right. An interrupted download resumes with an HTTP Range request, in the same call
/// (up to <paramref name="maxAttempts"/> attempts) or in a later one. Every URL passes <see cref="ModelUrlPolicy"/>
/// first; the client from <see cref="CreateHttpClient"/> checks the addresses again when it connects, follows no
/// redirect by itself, and this class follows at most <see cref="MaxRedirects"/> https redirects on the same host.
/// </summary>
public sealed class ModelDownloader(
    HttpClient http, ModelUrlPolicy policy, ILogger<ModelDownloader>? logger = null, int maxAttempts = 3, TimeSpan? retryDelay = null)
{
    public const int MaxRedirects = 5;

    private readonly ILogger _logger = logger ?? NullLogger<ModelDownloader>.Instance;
    private readonly TimeSpan _retryDelay = retryDelay ?? TimeSpan.FromSeconds(2);

    /// <summary>
    /// The client downloads go through: it resolves each host itself, connects only to addresses the policy allows
    /// (so a name that resolves differently at connect time than when it was checked gains nothing), uses no proxy
    /// (the proxy's address would be checked instead of the model host's) and follows no redirect.
    /// </summary>
    /// <param name="configure">Changes to the handler, such as trusting a test certificate.</param>
    public static HttpClient CreateHttpClient(ModelUrlPolicy policy, Action<SocketsHttpHandler>? configure = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var addresses = await policy.ResolveAllowedAsync(context.DnsEndPoint.Host, cancellationToken);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        configure?.Invoke(handler);
        // Timeout bounds waiting for the response headers; the body of a multi-gigabyte model may take far longer.
        return new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>The path of the verified file in <paramref name="cacheFolder"/>, downloading it when it is not there yet.</summary>
    /// <exception cref="ModelDownloadException">
    /// A refused URL or address, a bad hash, an HTTP error, a redirect elsewhere, a file over the size limit, a lost
    /// connection after every attempt, or a hash mismatch.
    /// </exception>
    public async Task<string> DownloadAsync(
        Uri url, string sha256, string cacheFolder, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (ModelUrlPolicy.CheckForm(url.OriginalString, out _) is { } formError)
        {
            throw new ModelDownloadException(formError);
        }
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
        {
            throw new ModelDownloadException($"'{sha256}' is not a SHA-256 (64 hexadecimal digits); fix the model's registration.");
        }
        var shown = ModelUrlPolicy.Display(url);
        var expected = sha256.ToLowerInvariant();
        Directory.CreateDirectory(cacheFolder);
        var final = Path.Combine(cacheFolder, expected + ".gguf");
        if (File.Exists(final))
        {
            return final;
        }
        var partial = final + ".part";

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await FetchAsync(url, partial, progress, cancellationToken);
                break;
            }
            catch (Exception ex) when (Refusal(ex) is { } refused)
            {
                // Refusals come after this call opened the partial file, so it is this call's own; it can never complete.
                File.Delete(partial);
                throw new ModelDownloadException($"Downloading {shown} was refused: {refused.Message}", ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                var kept = File.Exists(partial) ? new FileInfo(partial).Length : 0;
                if (attempt >= maxAttempts || ex is HttpRequestException { StatusCode: not null })
                {
                    if (kept == 0 && ex is HttpRequestException { StatusCode: not null })
                    {
                        // The server refused, so the empty partial file is this call's own and would only litter the
                        // cache. After an IOException it may be another writer's file, which must stay.
                        File.Delete(partial);
                    }
                    throw new ModelDownloadException(
                        $"Downloading {shown} failed after {attempt} attempt(s): {ex.Message}. " +
                        (kept > 0 ? $"{kept} bytes are kept in {partial}; running again resumes from there." : "Check the URL and the network."), ex);
                }
                _logger.LogWarning("Download of {Url} interrupted at {Bytes} bytes ({Error}); resuming", shown, kept, ex.Message);
                await Task.Delay(_retryDelay, cancellationToken);
            }
        }

        var actual = await ModelFileHash.HashAsync(partial, cancellationToken);
        if (actual != expected)
        {
            File.Delete(partial);
            throw new ModelDownloadException(
                $"The file downloaded from {shown} has SHA-256 {actual}, but the model is registered with {expected}. " +
                "The download was discarded: the file at the URL changed or the registration has the wrong hash.");
        }
        File.Move(partial, final, overwrite: true);
        _logger.LogInformation("Downloaded {Url} to {Path}", shown, final);
        return final;
    }

    /// <summary>The policy's refusal behind an exception, however deep the HTTP stack wrapped it.</summary>
    private static Exception? Refusal(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is ModelUrlRefusedException or DownloadRefusedException)
                return e;
        }
        return null;
    }

    /// <summary>A response the download must not follow or keep: a redirect elsewhere, or a file over the size limit.</summary>
    private sealed class DownloadRefusedException(string message) : IOException(message);

    /// <summary>Sends the request, following https redirects on the same host only, at most <see cref="MaxRedirects"/> of them.</summary>
    private async Task<HttpResponseMessage> SendAsync(Uri url, long offset, CancellationToken cancellationToken)
    {
        var current = url;
        for (var hop = 0; ; hop++)
        {
            await policy.ResolveAllowedAsync(current.IdnHost, cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308))
            {
                return response;
            }
            var location = response.Headers.Location;
            response.Dispose();
            if (location is null)
            {
                throw new HttpRequestException("the server answered with a redirect without a Location", null, response.StatusCode);
            }
            var next = location.IsAbsoluteUri ? location : new Uri(current, location);
            if (next.Scheme != Uri.UriSchemeHttps || !string.Equals(next.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase) || next.Port != url.Port)
            {
                throw new DownloadRefusedException(
                    $"the server redirects to {ModelUrlPolicy.Display(next)}; only https redirects on the same host are followed. " +
                    "Register the final URL instead.");
            }
            if (hop >= MaxRedirects)
            {
                throw new DownloadRefusedException($"the server redirected more than {MaxRedirects} times.");
            }
            current = next;
        }
    }

    private async Task FetchAsync(Uri url, string partial, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        // One writer per partial file: a second worker on the same cache fails here instead of interleaving bytes.
        await using var file = new FileStream(partial, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var offset = file.Length;
        using var response = await SendAsync(url, offset, cancellationToken);

        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && offset > 0)
        {
            // Everything was already received; the hash check decides whether it is right.
            return;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the server answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
        long? total = response.Content.Headers.ContentLength;
        if (response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange is { } range)
        {
            if (range.From != offset)
            {
                throw new HttpRequestException(
                    $"the server resumed at byte {range.From?.ToString(CultureInfo.InvariantCulture) ?? "?"} instead of {offset}", null, response.StatusCode);
            }
            total = range.Length;
        }
        else if (offset > 0)
        {
            // The server ignored the range and sends the whole file: start over.
            file.SetLength(0);
            offset = 0;
        }
        var limit = policy.Options.MaxBytes;
        if (total > limit)
        {
            throw new DownloadRefusedException(
                $"the file has {total} bytes, more than the {limit} a worker downloads (ModelDownloads:MaxBytes).");
        }
        file.Position = offset;

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[1 << 16];
        var received = offset;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            received += read;
            if (received > limit)
            {
                // The server may declare no length, or send past it: the bytes themselves are counted too.
                throw new DownloadRefusedException(
                    $"the server sent more than the {limit} bytes a worker downloads (ModelDownloads:MaxBytes); the bytes were discarded.");
            }
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            progress?.Report(new DownloadProgress(received, total));
        }
        await file.FlushAsync(cancellationToken);
        if (total is { } expectedLength && received != expectedLength)
        {
            throw new IOException($"the connection ended after {received} of {expectedLength} bytes");
        }
    }
}
