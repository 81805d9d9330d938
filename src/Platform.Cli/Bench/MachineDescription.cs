namespace Platform.Cli.Bench;

/// <summary>The CPU a benchmark ran on, so numbers in docs and JSON say where they came from.</summary>
public static class MachineDescription
{
    public static string Current()
    {
        var cpu = File.Exists("/proc/cpuinfo") ? CpuModel(File.ReadAllText("/proc/cpuinfo")) : null;
        return $"{cpu ?? "unknown CPU"}, {Environment.ProcessorCount} cores";
    }

    /// <summary>The first <c>model name</c> of a <c>/proc/cpuinfo</c> text, or null when it has none.</summary>
    public static string? CpuModel(string cpuinfo) =>
        cpuinfo.Split('\n')
            .Where(line => line.StartsWith("model name", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':') + 1)..].Trim())
            .FirstOrDefault(model => model.Length > 0);
}
