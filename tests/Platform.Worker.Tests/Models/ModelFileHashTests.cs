using Platform.Gguf;
using System.Security.Cryptography;
using Platform.Worker.Evaluation;

namespace Platform.Worker.Tests.Evaluation;

public sealed class ModelFileHashTests : IDisposable
{
    private readonly string _directory = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "thoughtboard-hash-tests", Guid.NewGuid().ToString("N"))).FullName;

    private string Cache => Path.Combine(_directory, "cache");

    [Fact]
    public async Task The_hash_is_the_files_sha256_streamed()
    {
        var path = Path.Combine(_directory, "model.gguf");
        var bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(5).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes);

        var identity = await ModelFileHash.IdentifyAsync(path, Cache);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), identity.Sha256);
        Assert.Equal(bytes.Length, identity.SizeBytes);
        Assert.Equal("model.gguf", identity.FileName);
    }

    [Fact]
    public async Task An_unchanged_file_is_answered_from_the_cache_and_a_changed_one_is_hashed_again()
    {
        var path = Path.Combine(_directory, "model.gguf");
        await File.WriteAllTextAsync(path, "first weights");
        var first = await ModelFileHash.IdentifyAsync(path, Cache);
        var cacheFile = Assert.Single(Directory.GetFiles(Cache));

        // Proof that the cache is read: a planted hash for the same path, size and time comes back as is.
        var planted = new string('e', 64);
        var lines = await File.ReadAllLinesAsync(cacheFile);
        await File.WriteAllLinesAsync(cacheFile, [.. lines[..3], planted]);
        Assert.Equal(planted, (await ModelFileHash.IdentifyAsync(path, Cache)).Sha256);

        await File.WriteAllTextAsync(path, "other weights, longer");
        var changed = await ModelFileHash.IdentifyAsync(path, Cache);
        Assert.NotEqual(planted, changed.Sha256);
        Assert.NotEqual(first.Sha256, changed.Sha256);
        Assert.Equal(await ModelFileHash.HashAsync(path), changed.Sha256);
    }

    [Fact]
    public async Task A_missing_file_is_named_in_the_error()
    {
        var path = Path.Combine(_directory, "absent.gguf");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => ModelFileHash.IdentifyAsync(path, Cache));
        Assert.Contains(path, error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
