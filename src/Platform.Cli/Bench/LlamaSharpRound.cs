using System.Globalization;
using Platform.Llama;
using Platform.Llama.Engine;

namespace Platform.Cli.Bench;

/// <summary>One measured round of the llamasharp engine and of the bare LLamaSharp loop at one parallelism.</summary>
public sealed record LlamaSharpThroughput(OurThroughput Engine, OurThroughput Bare);

/// <summary>
/// The llamasharp engine cannot share a process with the native one, so each of its rounds runs in a child process
/// (this CLI again, in <see cref="ChildMode"/>) that measures our scheduler on it and the bare loop on the same
/// libraries, and prints one line per parallelism.
/// </summary>
public static class LlamaSharpRound
{
    public const string ChildMode = "engine-llamasharp-round";
    private const int Blocks = 2;
    private const string Prefix = "llamasharp_round ";

    public static async Task<int> RunChildAsync(string modelPath, IReadOnlyList<int> parallels, int threads, TextWriter output, CancellationToken cancellationToken)
    {
        var build = LlamaEngines.Use(LlamaEngineKind.LlamaSharp).Start();
        output.WriteLine($"build={build.Build}");
        using var model = LlamaModel.Load(modelPath);
        using var bench = new OurEngineBench(model, parallels.Max(), threads);
        using var bareLoop = new LlamaSharpBareLoop(modelPath, parallels.Max(), threads);
        // One unmeasured run of each loop first: it touches the weights through each loop's own mapping of the file,
        // and the runtime recompiles the hot methods (on a background thread that, with two cores, takes time from
        // the decode) before anything is measured.
        await bench.MeasureAsync(1, cancellationToken);
        bareLoop.Measure(1, [bench.RandomTokens(OurEngineBench.PromptTokens)]);
        foreach (var parallel in parallels)
        {
            // Ours, bare, bare, ours, twice: a drift of the machine's speed during the round (another tenant, the
            // clock) falls on both sides alike instead of on whichever side always runs second.
            var prompts = Enumerable.Range(0, parallel).Select(_ => bench.RandomTokens(OurEngineBench.PromptTokens)).ToArray();
            var ours = new List<OurThroughput>();
            var bare = new List<OurThroughput>();
            for (int block = 0; block < Blocks; block++)
            {
                ours.Add(await bench.MeasureAsync(parallel, cancellationToken));
                bare.Add(bareLoop.Measure(parallel, prompts));
                bare.Add(bareLoop.Measure(parallel, prompts));
                ours.Add(await bench.MeasureAsync(parallel, cancellationToken));
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Prefix}{parallel} {Rate(ours, o => o.PromptTokensPerSecond)} {Rate(ours, o => o.GenerationTokensPerSecond)} " +
                $"{(ours.TrueForAll(o => o.DecodedInLockstep) ? 1 : 0)} " +
                $"{Rate(bare, o => o.PromptTokensPerSecond)} {Rate(bare, o => o.GenerationTokensPerSecond)} " +
                $"{ours.Average(o => o.StepSeconds)} {ours.Average(o => o.OutsideDecodeSeconds)} " +
                $"{bare.Average(o => o.StepSeconds)} {bare.Average(o => o.OutsideDecodeSeconds)}"));
        }
        return 0;
    }

    /// <summary>Measurements of one side in a round, as one rate: tokens over the time they all took.</summary>
    private static double Rate(List<OurThroughput> measured, Func<OurThroughput, double> rate) =>
        measured.Count / measured.Sum(m => 1 / rate(m));

    public static async Task<(string Build, IReadOnlyList<LlamaSharpThroughput> Rows)> MeasureInChildAsync(
        string modelPath, IReadOnlyList<int> parallels, int threads, CancellationToken cancellationToken)
    {
        var (fileName, prefix) = EngineMemoryProbe.CurrentCli();
        var result = await ChildProcess.RunCheckedAsync(fileName,
        [
            .. prefix, "bench", ChildMode, "--model", modelPath, "--parallels", string.Join(",", parallels),
            "--threads", threads.ToString(CultureInfo.InvariantCulture),
        ], cancellationToken, environment: new Dictionary<string, string> { [LlamaEngines.EngineVariable] = "llamasharp" });
        var lines = result.StandardOutput.Split('\n').Select(l => l.Trim()).ToList();
        var build = lines.FirstOrDefault(l => l.StartsWith("build=", StringComparison.Ordinal))?["build=".Length..] ?? "unknown";
        var rows = lines.Where(l => l.StartsWith(Prefix, StringComparison.Ordinal)).Select(l =>
        {
            var f = l[Prefix.Length..].Split(' ');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            int p = int.Parse(f[0], CultureInfo.InvariantCulture);
            return new LlamaSharpThroughput(new OurThroughput(p, D(1), D(2), f[3] == "1", 0, D(6), D(7)), new OurThroughput(p, D(4), D(5), true, 0, D(8), D(9)));
        }).ToList();
        if (rows.Count != parallels.Count)
            throw new BenchException($"The llamasharp round printed {rows.Count} of {parallels.Count} rows:\n{result.StandardOutput}{result.StandardError}");
        return (build, rows);
    }
}
