namespace Platform.Llama.Engine;

/// <summary>Which shared libraries this process has really mapped: the truth about a CPU variant ggml picked itself.</summary>
internal static class LoadedLibraries
{
    /// <summary>Paths of mapped files whose name starts with <paramref name="prefix"/> (Linux only; empty elsewhere).</summary>
    public static IReadOnlyList<string> WithPrefix(string prefix)
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
            return [];
        try
        {
            return File.ReadLines(maps)
                .Select(line => line.IndexOf('/') is var slash and >= 0 ? line[slash..] : null)
                .Where(path => path is not null && Path.GetFileName(path).StartsWith(prefix, StringComparison.Ordinal))
                .Select(path => path!)
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }
}
