using System.Globalization;

namespace Platform.Cli.Bench;

/// <summary>Runs llama.cpp's <c>llama-batched-bench</c> on the workload <see cref="OurEngineBench"/> measures.</summary>
public static class ReferenceBatchedBench
{
    public static async Task<IReadOnlyList<BatchedBenchRow>> RunAsync(
        ReferenceTools tools, string modelPath, int threads, IReadOnlyList<int> parallels, CancellationToken cancellationToken)
    {
        var maxParallel = parallels.Max();
        string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
        var result = await ChildProcess.RunCheckedAsync(tools.BatchedBench,
        [
            "-m", modelPath,
            "-c", Number(maxParallel * (OurEngineBench.PromptTokens + OurEngineBench.GeneratedTokens)),
            "-b", Number(OurEngineBench.ReferenceBatchSize(maxParallel)),
            "-ub", "512",
            "-npp", Number(OurEngineBench.PromptTokens),
            "-ntg", Number(OurEngineBench.GeneratedTokens),
            "-npl", string.Join(',', parallels.Select(Number)),
            "-t", Number(threads),
            "-tb", Number(threads),
            "--output-format", "jsonl",
        ], cancellationToken);
        var rows = BatchedBenchOutput.Parse(result.StandardOutput);
        var missing = parallels.Where(p => rows.All(r => r.Parallel != p)).ToList();
        return missing.Count == 0
            ? rows
            : throw new BenchException($"llama-batched-bench printed no row for parallel {string.Join(", ", missing)}; its context was too small.");
    }
}
