using System.Globalization;
using System.Security.Cryptography;
namespace Platform.Gguf;

/// <summary>A model file pinned by its content: what a run header records about the weights.</summary>
public sealed record ModelFileIdentity(string Path, string FileName, long SizeBytes, DateTime LastWriteUtc, string Sha256);

/// <summary>
/// The one hasher of model files, for the web app's registration, the worker's download check and load check, and
/// the run header. SHA-256 of model files, streamed (a 7B model is several gigabytes) and cached by path, size and
/// modification time, so a second run of the same file costs nothing. The cache is one small text file per
/// model under <c>$THOUGHTBOARD_CACHE/model-hashes</c> (default <c>~/.cache/thoughtboard</c>); a changed file
/// has another size or time and is hashed again.
/// </summary>
public static class ModelFileHash
{
    private const int BufferSize = 1 << 20;

    public static string DefaultCacheDirectory
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("THOUGHTBOARD_CACHE");
            if (string.IsNullOrEmpty(cache))
            {
                var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                cache = System.IO.Path.Combine(string.IsNullOrEmpty(xdg) ? System.IO.Path.Combine(home, ".cache") : xdg, "thoughtboard");
            }
            return System.IO.Path.Combine(cache, "model-hashes");
        }
    }

    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static async Task<ModelFileIdentity> IdentifyAsync(string path, string? cacheDirectory = null, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(System.IO.Path.GetFullPath(path));
        if (!file.Exists)
        {
            throw new FileNotFoundException($"The model file '{path}' does not exist.", path);
        }
        cacheDirectory ??= DefaultCacheDirectory;
        var stamp = $"{file.FullName}\n{file.Length.ToString(CultureInfo.InvariantCulture)}\n{file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)}";
        var cacheFile = System.IO.Path.Combine(cacheDirectory, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(file.FullName))) + ".sha256");

        var cached = await ReadCacheAsync(cacheFile, stamp, cancellationToken).ConfigureAwait(false);
        var sha256 = cached ?? await HashAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        if (cached is null)
        {
            await WriteCacheAsync(cacheFile, stamp, sha256, cancellationToken).ConfigureAwait(false);
        }
        return new ModelFileIdentity(file.FullName, file.Name, file.Length, file.LastWriteTimeUtc, sha256);
    }

    /// <summary>The file's SHA-256, read in full now (no cache): for checking a download or a pinned file before it is used.</summary>
    public static async Task<string> HashAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }

    private static async Task<string?> ReadCacheAsync(string cacheFile, string stamp, CancellationToken cancellationToken)
    {
        try
        {
            var lines = await File.ReadAllLinesAsync(cacheFile, cancellationToken).ConfigureAwait(false);
            return lines.Length == 4 && string.Join('\n', lines[..3]) == stamp && lines[3].Length == 64 ? lines[3] : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static async Task WriteCacheAsync(string cacheFile, string stamp, string sha256, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(cacheFile)!);
            // Written aside and moved, so a concurrent reader never sees half a line.
            var temporary = cacheFile + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
            await File.WriteAllTextAsync(temporary, stamp + "\n" + sha256 + "\n", cancellationToken).ConfigureAwait(false);
            File.Move(temporary, cacheFile, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only cache only costs a re-hash next time.
        }
    }
}
