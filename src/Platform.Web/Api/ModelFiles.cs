using Platform.Gguf;

namespace Platform.Web.Api;

/// <summary>
/// Resolves a model path given to the API to a GGUF file inside the configured model folder. Every symbolic
/// link on the way is followed before the containment check, so a link inside the folder that points outside
/// it is refused like a plain path outside it.
/// </summary>
public static class ModelFiles
{
    private static readonly byte[] GgufMagic = "GGUF"u8.ToArray();

    /// <summary>The real path of the file, or an error message saying what is wrong with <paramref name="requested"/>.</summary>
    public static (string? Path, string? Error) Resolve(string? folder, string requested)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            return (null, "Registering models by path is disabled: the server has no model folder (set Models__Folder). Register the model by https URL instead.");
        }
        if (!Directory.Exists(folder))
        {
            return (null, $"The server's model folder {folder} does not exist; an operator must create it or fix Models__Folder.");
        }
        if (!requested.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"'{requested}' is not a .gguf file; only GGUF models can be registered.");
        }
        var root = RealPath(Path.GetFullPath(folder));
        var candidate = Path.GetFullPath(Path.Combine(root, requested));
        if (!IsInside(candidate, root))
        {
            return (null, $"'{requested}' lies outside the model folder {root}; give a path inside it (relative paths are taken from it).");
        }
        if (!File.Exists(candidate))
        {
            return (null, $"There is no file '{requested}' in the model folder {root}; copy the model there first.");
        }
        var real = RealPath(candidate);
        if (!IsInside(real, root))
        {
            return (null, $"'{requested}' is a link to {real}, outside the model folder {root}; copy the file into the folder instead.");
        }
        return (real, null);
    }

    /// <summary>Checks the 4-byte GGUF magic and the format version, so a renamed file of another kind is refused early.</summary>
    public static string? CheckHeader(string path)
    {
        Span<byte> header = stackalloc byte[8];
        using var stream = File.OpenRead(path);
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header[..4].SequenceEqual(GgufMagic))
        {
            return $"{Path.GetFileName(path)} does not start with the GGUF magic bytes; it is not a GGUF model (or it is damaged).";
        }
        var version = BitConverter.ToUInt32(header[4..]);
        return version is >= 2 and <= 3
            ? null
            : $"{Path.GetFileName(path)} is GGUF version {version}; llama.cpp reads versions 2 and 3.";
    }

    /// <summary>
    /// Whether the file's metadata says its weights are random (<see cref="TestModelGenerator.RandomWeightsKey"/>, set in
    /// every model Thoughtboard generates). A header that does not parse says nothing; loading the model reports it.
    /// </summary>
    public static bool DeclaresRandomWeights(string path)
    {
        try
        {
            return TestModelGenerator.DeclaresRandomWeights(GgufFile.Read(path));
        }
        catch (GgufFormatException)
        {
            return false;
        }
    }

    private static bool IsInside(string path, string root) =>
        path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link along it replaced by its target, like realpath(3).</summary>
    internal static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath)!;
        var current = root;
        var pending = new Stack<string>(fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++hops > 40)
                {
                    throw new IOException($"Too many symbolic links while resolving {fullPath}.");
                }
                var resolved = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                var resolvedRoot = Path.GetPathRoot(resolved)!;
                foreach (var segment in resolved[resolvedRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(segment);
                }
                current = resolvedRoot;
                continue;
            }
            current = next;
        }
        return current;
    }
}
