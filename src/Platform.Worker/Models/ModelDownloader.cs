using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Platform.Worker.Models;

/// <summary>A model file could not be downloaded; the message says why and whether running again resumes.</summary>
public sealed class ModelDownloadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Bytes on disk so far and the full size when the server said it.</summary>
public readonly record struct DownloadProgress(long Received, long? Total);

/// <summary>
/// Downloads a GGUF file registered by URL into a worker's model cache. The file is named by its SHA-256, written
/// to <c>&lt;sha256&gt;.gguf.part</c> first and renamed only after the hash matched, so a file under its final name
/// is always complete and right. An interrupted download resumes with an HTTP Range request, in the same call
/// (up to <paramref name="maxAttempts"/> attempts) or in a later one.
/// </summary>
public sealed class ModelDownloader(HttpClient http, ILogger<ModelDownloader>? logger = null, int maxAttempts = 3, TimeSpan? retryDelay = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<ModelDownloader>.Instance;
    private readonly TimeSpan _retryDelay = retryDelay ?? TimeSpan.FromSeconds(2);

    /// <summary>The path of the verified file in <paramref name="cacheFolder"/>, downloading it when it is not there yet.</summary>
    /// <exception cref="ModelDownloadException">Bad URL or hash, an HTTP error, a lost connection after every attempt, or a hash mismatch.</exception>
    public async Task<string> DownloadAsync(
        Uri url, string sha256, string cacheFolder, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        {
            throw new ModelDownloadException($"{url} is not an https URL; models are downloaded over https only.");
        }
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
        {
            throw new ModelDownloadException($"'{sha256}' is not a SHA-256 (64 hexadecimal digits); fix the model's registration.");
        }
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
                        $"Downloading {url} failed after {attempt} attempt(s): {ex.Message}. " +
                        (kept > 0 ? $"{kept} bytes are kept in {partial}; running again resumes from there." : "Check the URL and the network."), ex);
                }
                _logger.LogWarning("Download of {Url} interrupted at {Bytes} bytes ({Error}); resuming", url, kept, ex.Message);
                await Task.Delay(_retryDelay, cancellationToken);
            }
        }

        var actual = await HashAsync(partial, cancellationToken);
        if (actual != expected)
        {
            File.Delete(partial);
            throw new ModelDownloadException(
                $"The file downloaded from {url} has SHA-256 {actual}, but the model is registered with {expected}. " +
                "The download was discarded: the file at the URL changed or the registration has the wrong hash.");
        }
        File.Move(partial, final, overwrite: true);
        _logger.LogInformation("Downloaded {Url} to {Path}", url, final);
        return final;
    }

    private async Task FetchAsync(Uri url, string partial, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        // One writer per partial file: a second worker on the same cache fails here instead of interleaving bytes.
        await using var file = new FileStream(partial, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var offset = file.Length;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
        }
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

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
        file.Position = offset;

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[1 << 16];
        var received = offset;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            received += read;
            progress?.Report(new DownloadProgress(received, total));
        }
        await file.FlushAsync(cancellationToken);
        if (total is { } expectedLength && received != expectedLength)
        {
            throw new IOException($"the connection ended after {received} of {expectedLength} bytes");
        }
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
