using System.Globalization;
using Platform.Llama;

namespace Platform.Cli.Bench;

/// <summary>
/// Peak memory is a property of a whole process, so it is measured in a child that does nothing but load the
/// model and run the largest benchmark workload; the parent's own allocations (reference output, statistics)
/// would otherwise be counted.
/// </summary>
public static class EngineMemoryProbe
{
    public const string ChildMode = "engine-memory";
    private const string ResultPrefix = "peak_rss_bytes=";

    /// <summary>The child's side: run the workload once and print the peak resident set size.</summary>
    public static async Task<int> RunChildAsync(string modelPath, int parallel, int threads, TextWriter output, CancellationToken cancellationToken)
    {
        using var model = LlamaModel.Load(modelPath);
        using var bench = new OurEngineBench(model, parallel, threads);
        await bench.MeasureAsync(parallel, cancellationToken);
        output.WriteLine(ResultPrefix + PeakMemory.CurrentProcessPeakBytes().ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    /// <summary>The parent's side: start this CLI again in child mode and read what it measured.</summary>
    public static async Task<long> MeasureInChildAsync(string modelPath, int parallel, int threads, CancellationToken cancellationToken)
    {
        var (fileName, prefix) = CurrentCli();
        var result = await ChildProcess.RunCheckedAsync(fileName,
        [
            .. prefix, "bench", ChildMode, "--model", modelPath,
            "--parallel", parallel.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture),
        ], cancellationToken);
        var line = result.StandardOutput.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal))
            ?? throw new BenchException($"The memory probe printed no {ResultPrefix} line:\n{result.StandardOutput}{result.StandardError}");
        return long.Parse(line[ResultPrefix.Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>How to start this CLI again: its apphost, or <c>dotnet thoughtboard.dll</c> when run through the host.</summary>
    internal static (string FileName, string[] Prefix) CurrentCli()
    {
        var process = Environment.ProcessPath ?? throw new BenchException("Cannot tell which executable is running, so the memory probe cannot start.");
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? (process, [typeof(EngineMemoryProbe).Assembly.Location])
            : (process, []);
    }
}
