using System.Globalization;

namespace Platform.Cli.Bench;

/// <summary>The peak resident set size of a process, as the kernel counts it (<c>VmHWM</c>: anonymous and mapped file pages).</summary>
public static class PeakMemory
{
    public static long CurrentProcessPeakBytes() =>
        File.Exists("/proc/self/status")
            ? PeakBytesFromStatus(File.ReadAllText("/proc/self/status"))
            : throw new PlatformNotSupportedException("Peak memory is read from /proc/self/status, which exists only on Linux.");

    public static long PeakBytesFromStatus(string status)
    {
        var line = status.Split('\n').FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            ?? throw new FormatException("The process status has no VmHWM line.");
        var parts = line["VmHWM:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || parts[1] != "kB" || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
        {
            throw new FormatException($"Unexpected VmHWM line '{line.Trim()}'; expected a number of kB.");
        }
        return kilobytes * 1024;
    }
}
