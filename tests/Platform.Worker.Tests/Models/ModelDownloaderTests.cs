using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Platform.Worker.Models;

namespace Platform.Worker.Tests.Models;

public sealed class ModelDownloaderTests : IAsyncLifetime
{
    private readonly byte[] _file = RandomNumberGenerator.GetBytes(300_000);
    private readonly string _cache = Directory.CreateTempSubdirectory("tb-cache-").FullName;
    private LoopbackFileServer _server = null!;

    private string Sha256 => Convert.ToHexStringLower(SHA256.HashData(_file));

    public Task InitializeAsync()
    {
        _server = new LoopbackFileServer(_file);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        Directory.Delete(_cache, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Downloads_verifies_and_names_the_file_by_its_hash()
    {
        using var http = new HttpClient();
        var path = await new ModelDownloader(http).DownloadAsync(_server.Url, Sha256, _cache);

        Assert.Equal(Path.Combine(_cache, Sha256 + ".gguf"), path);
        Assert.Equal(_file, await File.ReadAllBytesAsync(path));
        Assert.False(File.Exists(path + ".part"));
    }

    [Fact]
    public async Task An_interrupted_download_keeps_its_bytes_and_the_next_call_resumes_with_a_range_request()
    {
        _server.CutOffFirstResponseAfter = 100_000;
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, maxAttempts: 1);

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => downloader.DownloadAsync(_server.Url, Sha256, _cache));
        Assert.Contains("running again resumes", error.Message);
        var partial = Path.Combine(_cache, Sha256 + ".gguf.part");
        var kept = new FileInfo(partial).Length;
        Assert.InRange(kept, 1, _file.Length - 1);

        var path = await downloader.DownloadAsync(_server.Url, Sha256, _cache);

        Assert.Equal(_file, await File.ReadAllBytesAsync(path));
        Assert.Equal($"bytes={kept}-", _server.RangeHeaders.Last());
        Assert.Equal(2, _server.RangeHeaders.Count);
    }

    [Fact]
    public async Task A_lost_connection_is_resumed_within_the_same_call()
    {
        _server.CutOffFirstResponseAfter = 50_000;
        using var http = new HttpClient();

        var path = await new ModelDownloader(http, maxAttempts: 3, retryDelay: TimeSpan.Zero).DownloadAsync(_server.Url, Sha256, _cache);

        Assert.Equal(_file, await File.ReadAllBytesAsync(path));
        Assert.StartsWith("bytes=", _server.RangeHeaders.Last());
    }

    [Fact]
    public async Task A_hash_mismatch_discards_the_download_and_says_both_hashes()
    {
        using var http = new HttpClient();
        var wrong = new string('0', 64);

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => new ModelDownloader(http).DownloadAsync(_server.Url, wrong, _cache));

        Assert.Contains(Sha256, error.Message);
        Assert.Contains(wrong, error.Message);
        Assert.Empty(Directory.GetFiles(_cache));
    }

    [Fact]
    public async Task Http_errors_and_bad_arguments_fail_clearly()
    {
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, retryDelay: TimeSpan.Zero);

        var missing = await Assert.ThrowsAsync<ModelDownloadException>(() => downloader.DownloadAsync(new Uri(_server.Url, "missing.gguf"), Sha256, _cache));
        Assert.Contains("404", missing.Message);
        Assert.Equal(1, _server.Requests);

        var plain = await Assert.ThrowsAsync<ModelDownloadException>(() => downloader.DownloadAsync(new Uri("http://example.org/m.gguf"), Sha256, _cache));
        Assert.Contains("not an https URL", plain.Message);
        var badHash = await Assert.ThrowsAsync<ModelDownloadException>(() => downloader.DownloadAsync(_server.Url, "xyz", _cache));
        Assert.Contains("not a SHA-256", badHash.Message);
    }
}
