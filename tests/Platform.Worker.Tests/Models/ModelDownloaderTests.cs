using System.Security.Cryptography;
using Platform.Data.Security;
using Platform.Worker.Models;

namespace Platform.Worker.Tests.Models;

/// <summary>Downloads from a loopback https server, which these tests allow explicitly (AllowPrivateAddresses).</summary>
public sealed class ModelDownloaderTests : IAsyncLifetime
{
    private readonly byte[] _file = RandomNumberGenerator.GetBytes(300_000);
    private readonly string _cache = Directory.CreateTempSubdirectory("tb-cache-").FullName;
    private LoopbackFileServer _server = null!;

    private string Sha256 => Convert.ToHexStringLower(SHA256.HashData(_file));

    public static ModelUrlPolicy LoopbackAllowed(long maxBytes = 100_000_000_000) =>
        new(new ModelDownloadOptions { AllowPrivateAddresses = true, MaxBytes = maxBytes });

    private ModelDownloader Downloader(ModelUrlPolicy? policy = null, int maxAttempts = 3)
    {
        policy ??= LoopbackAllowed();
        return new ModelDownloader(_server.TrustingClient(policy), policy, maxAttempts: maxAttempts, retryDelay: TimeSpan.Zero);
    }

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
        var path = await Downloader().DownloadAsync(_server.Url, Sha256, _cache);

        Assert.Equal(Path.Combine(_cache, Sha256 + ".gguf"), path);
        Assert.Equal(_file, await File.ReadAllBytesAsync(path));
        Assert.False(File.Exists(path + ".part"));
    }

    [Fact]
    public async Task An_interrupted_download_keeps_its_bytes_and_the_next_call_resumes_with_a_range_request()
    {
        _server.CutOffFirstResponseAfter = 100_000;
        var downloader = Downloader(maxAttempts: 1);

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

        var path = await Downloader().DownloadAsync(_server.Url, Sha256, _cache);

        Assert.Equal(_file, await File.ReadAllBytesAsync(path));
        Assert.True(_server.RangeHeaders.Count == 2 && _server.RangeHeaders[1]?.StartsWith("bytes=") == true, $"ranges: {string.Join(" | ", _server.RangeHeaders)}; requests {_server.Requests}");
    }

    [Fact]
    public async Task A_hash_mismatch_discards_the_download_and_says_both_hashes()
    {
        var wrong = new string('0', 64);

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => Downloader().DownloadAsync(_server.Url, wrong, _cache));

        Assert.Contains(Sha256, error.Message);
        Assert.Contains(wrong, error.Message);
        Assert.Empty(Directory.GetFiles(_cache));
    }

    [Fact]
    public async Task Http_errors_and_bad_arguments_fail_clearly()
    {
        var downloader = Downloader();

        var missing = await Assert.ThrowsAsync<ModelDownloadException>(() => downloader.DownloadAsync(new Uri(_server.Url, "missing.gguf"), Sha256, _cache));
        Assert.Contains("404", missing.Message);
        Assert.Equal(1, _server.Requests);

        var plain = await Assert.ThrowsAsync<ModelDownloadException>(() => downloader.DownloadAsync(new Uri($"http://127.0.0.1:{_server.Port}/model.gguf"), Sha256, _cache));
        Assert.Contains("not an https URL", plain.Message);
        var badHash = await Assert.ThrowsAsync<ModelDownloadException>(() => downloader.DownloadAsync(_server.Url, "xyz", _cache));
        Assert.Contains("not a SHA-256", badHash.Message);
        Assert.Equal(1, _server.Requests);
    }

    [Fact]
    public async Task By_default_a_loopback_address_is_refused_before_any_request()
    {
        var policy = new ModelUrlPolicy(new ModelDownloadOptions());

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => Downloader(policy).DownloadAsync(_server.Url, Sha256, _cache));

        Assert.Contains("loopback", error.Message);
        Assert.Equal(0, _server.Requests);
        Assert.Empty(Directory.GetFiles(_cache));
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_at_connect_time_is_refused_although_it_was_public_when_checked()
    {
        // DNS rebinding: the first answer (checked before the request) is public, the next one (at connect) loopback.
        var answers = new Queue<System.Net.IPAddress>([System.Net.IPAddress.Parse("93.184.215.14"), System.Net.IPAddress.Loopback]);
        var asked = 0;
        var policy = new ModelUrlPolicy(new ModelDownloadOptions(), (_, _) =>
        {
            asked++;
            return Task.FromResult(new[] { answers.Count > 1 ? answers.Dequeue() : answers.Peek() });
        });
        var url = new Uri($"https://models.rebind.test:{_server.Port}/model.gguf");

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => Downloader(policy).DownloadAsync(url, Sha256, _cache));

        Assert.Contains("loopback", error.Message);
        Assert.Equal(2, asked);
        Assert.Equal(0, _server.Requests);
        Assert.Empty(Directory.GetFiles(_cache));
    }

    [Fact]
    public async Task A_url_with_credentials_is_refused_without_repeating_them()
    {
        var url = new Uri($"https://user:hunter2@127.0.0.1:{_server.Port}/model.gguf");

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => Downloader().DownloadAsync(url, Sha256, _cache));

        Assert.Contains("user name or password", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Equal(0, _server.Requests);
    }

    [Fact]
    public async Task A_redirect_on_the_same_host_is_followed()
    {
        _server.Redirects["/old.gguf"] = "/model.gguf";

        var path = await Downloader().DownloadAsync(new Uri(_server.Url, "old.gguf"), Sha256, _cache);

        Assert.Equal(_file, await File.ReadAllBytesAsync(path));
        Assert.Equal(2, _server.Requests);
    }

    [Theory]
    [InlineData("https://localhost:{port}/model.gguf", "only https redirects on the same host")]
    [InlineData("http://127.0.0.1:{port}/model.gguf", "only https redirects on the same host")]
    public async Task A_redirect_to_another_host_or_to_http_is_not_followed(string target, string message)
    {
        _server.Redirects["/old.gguf"] = target.Replace("{port}", _server.Port.ToString());

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => Downloader().DownloadAsync(new Uri(_server.Url, "old.gguf"), Sha256, _cache));

        Assert.Contains(message, error.Message);
        Assert.Equal(1, _server.Requests);
        Assert.Empty(Directory.GetFiles(_cache));
    }

    [Fact]
    public async Task Endless_redirects_stop_after_the_bound()
    {
        _server.Redirects["/a.gguf"] = "/b.gguf";
        _server.Redirects["/b.gguf"] = "/a.gguf";

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() => Downloader().DownloadAsync(new Uri(_server.Url, "a.gguf"), Sha256, _cache));

        Assert.Contains($"more than {ModelDownloader.MaxRedirects} times", error.Message);
        Assert.Equal(ModelDownloader.MaxRedirects + 1, _server.Requests);
    }

    [Fact]
    public async Task A_file_declared_larger_than_the_limit_is_refused_before_its_body()
    {
        var error = await Assert.ThrowsAsync<ModelDownloadException>(() =>
            Downloader(LoopbackAllowed(maxBytes: 1000)).DownloadAsync(_server.Url, Sha256, _cache));

        Assert.Contains("ModelDownloads:MaxBytes", error.Message);
        Assert.Contains($"{_file.Length} bytes", error.Message);
        Assert.Empty(Directory.GetFiles(_cache));
    }

    [Fact]
    public async Task A_file_without_a_declared_length_is_cut_off_at_the_limit_and_discarded()
    {
        _server.HideLength = true;

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() =>
            Downloader(LoopbackAllowed(maxBytes: 100_000)).DownloadAsync(_server.Url, Sha256, _cache));

        Assert.Contains("more than the 100000 bytes", error.Message);
        Assert.Empty(Directory.GetFiles(_cache));
        Assert.Equal(1, _server.Requests);
    }
}
