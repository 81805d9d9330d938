namespace Platform.Cli.Bench;

/// <summary>
/// llama.cpp's own tools, built from the source matching our native libraries by <c>scripts/llama-reference.sh</c>
/// (cached, so only the first call takes minutes).
/// </summary>
public sealed class ReferenceTools
{
    private ReferenceTools(string binFolder) => BinFolder = binFolder;

    public string BinFolder { get; }

    public string BatchedBench => Path.Combine(BinFolder, "llama-batched-bench");

    public static async Task<ReferenceTools> EnsureBuiltAsync(string repositoryRoot, TextWriter progress, CancellationToken cancellationToken)
    {
        var script = Path.Combine(repositoryRoot, "scripts", "llama-reference.sh");
        if (!File.Exists(script))
        {
            throw new BenchException($"'{script}' is missing; run the benchmark from a Thoughtboard checkout.");
        }
        var check = await ChildProcess.RunAsync("bash", [script, "--check"], cancellationToken);
        if (check.ExitCode != 0)
        {
            progress.WriteLine("Building llama.cpp's reference tools (once; a few minutes)...");
        }
        var result = check.ExitCode == 0 ? check : await ChildProcess.RunCheckedAsync("bash", [script], cancellationToken);
        var binFolder = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
        if (binFolder is null || !Directory.Exists(binFolder))
        {
            throw new BenchException($"scripts/llama-reference.sh did not print the folder of the tools (got '{binFolder}').");
        }
        return new ReferenceTools(binFolder);
    }
}
