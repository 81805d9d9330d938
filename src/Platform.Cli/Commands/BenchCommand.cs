using System.Globalization;
using Platform.Cli.Bench;
using Platform.Llama;
using Platform.Llama.Engine;
using Platform.Gguf;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>bench engine</c>: both engines (native in this process, llamasharp in a child process per round, with a bare
/// LLamaSharp decode loop on the same libraries) and llama.cpp's own <c>llama-batched-bench</c>, side by side on one
/// GGUF with the same threads, context and lengths, taking turns in a rotating order over rounds; then the fork cost, the engine's peak memory (in a
/// child process) and a greedy-equality check against <c>llama-simple</c>. Every number printed was measured.
/// </summary>
public static class BenchCommand
{
    public const string Usage = "bench engine [--model FILE] [--json FILE] [--rounds N] [--threads N] [--parallels 1,8,32] | bench pipeline [options]";

    private static readonly int[] Parallels = [1, 8, 32];
    private const int ForkSamples = 8;
    private const int EqualityTokens = 32;

    private static readonly string[] EqualityPrompts =
    [
        "The capital of France is",
        "Once upon a time, in a small village by the sea,",
        "def fibonacci(n):\n    if n < 2:\n        return n\n",
    ];

    public static Task<int> RunAsync(CommandArgs args, CommandContext context)
    {
        var mode = args.Positionals.Count > 0 ? args.Positionals[0] : null;
        return mode switch
        {
            "engine" => RunEngineAsync(args, context),
            "pipeline" => PipelineBench.RunAsync(args, context),
            EngineMemoryProbe.ChildMode => RunMemoryChildAsync(args, context),
            LlamaSharpRound.ChildMode => LlamaSharpRound.RunChildAsync(args.Required("model"), ParseParallels(args.Required("parallels")),
                args.OptionalInt("threads", 1, 1024) ?? Environment.ProcessorCount, context.Out, context.CancellationToken),
            null => throw new CommandLineException("say what to benchmark: 'engine' or 'pipeline'."),
            _ => throw new CommandLineException($"unknown benchmark '{mode}'; there are 'engine' and 'pipeline'."),
        };
    }

    private static Task<int> RunMemoryChildAsync(CommandArgs args, CommandContext context)
    {
        var model = args.Required("model");
        var parallel = args.OptionalInt("parallel", 1, 256) ?? Parallels.Max();
        var threads = args.OptionalInt("threads", 1, 1024) ?? Environment.ProcessorCount;
        args.EnsureAllRead(maxPositionals: 1);
        return EngineMemoryProbe.RunChildAsync(model, parallel, threads, context.Out, context.CancellationToken);
    }

    private static async Task<int> RunEngineAsync(CommandArgs args, CommandContext context)
    {
        var modelOption = args.Optional("model");
        var jsonPath = args.Optional("json");
        var rounds = args.OptionalInt("rounds", 1, 100) ?? 3;
        var threads = args.OptionalInt("threads", 1, 1024) ?? Environment.ProcessorCount;
        var parallels = args.Optional("parallels") is { } list ? ParseParallels(list) : Parallels;
        args.EnsureAllRead(maxPositionals: 1);
        var output = context.Out;
        var cancellationToken = context.CancellationToken;

        try
        {
            var root = RepositoryRoot.Find()
                ?? throw new BenchException("No Thoughtboard checkout (a folder with Platform.sln) was found above the program's folder; run the benchmark from a built checkout.");
            await NativeAssets.EnsureLibrariesAsync(LlamaBackendKind.Auto, context.Error, cancellationToken);
            if (modelOption is null)
            {
                await NativeAssets.EnsureVocabularyAsync(context.Error, cancellationToken);
            }
            var modelPath = modelOption is null ? DefaultModel(root, output) : Path.GetFullPath(modelOption);
            var tools = await ReferenceTools.EnsureBuiltAsync(root, output, cancellationToken);
            using var model = LlamaModel.Load(modelPath);
            var backend = LlamaBackend.Info!;
            output.WriteLine($"Model: {modelPath} ({model.Info.ParameterCount / 1e6:F0}M parameters, {model.Info.FileType})");
            var nativeBuild = LlamaEngines.Current.Build!;
            output.WriteLine($"Engine: {nativeBuild}; {backend}");
            output.WriteLine($"Reference: {tools.BinFolder} (llama.cpp built for this CPU by scripts/llama-reference.sh)");
            output.WriteLine(Invariant($"Workload: {OurEngineBench.PromptTokens} prompt + {OurEngineBench.GeneratedTokens} generated tokens per sequence at parallel {string.Join(", ", parallels)}; {threads} threads; {rounds} rounds"));
            output.WriteLine();

            using var bench = new OurEngineBench(model, parallels.Max(), threads);
            // One unmeasured run touches the weights and lets the runtime recompile the hot methods before any round.
            await bench.MeasureAsync(1, cancellationToken);

            var ours = parallels.ToDictionary(p => p, _ => new List<OurThroughput>());
            var reference = parallels.ToDictionary(p => p, _ => new List<BatchedBenchRow>());
            var llamaSharp = parallels.ToDictionary(p => p, _ => new List<LlamaSharpThroughput>());
            string? llamaSharpBuild = null;
            for (var round = 1; round <= rounds; round++)
            {
                // Rotate who goes first, so a drift in machine load does not always favour the same side.
                for (var turn = 0; turn < 3; turn++)
                {
                    var side = (turn + round - 1) % 3;
                    if (side == 1)
                    {
                        var (build, rows) = await LlamaSharpRound.MeasureInChildAsync(modelPath, parallels, threads, cancellationToken);
                        llamaSharpBuild = build;
                        foreach (var row in rows)
                        {
                            llamaSharp[row.Engine.Parallel].Add(row);
                            output.WriteLine(Invariant($"round {round} llamasharp parallel {row.Engine.Parallel,2}: prompt {row.Engine.PromptTokensPerSecond,8:F1} t/s, generation {row.Engine.GenerationTokensPerSecond,7:F1} t/s; bare loop {row.Bare.PromptTokensPerSecond,8:F1} / {row.Bare.GenerationTokensPerSecond,7:F1} t/s; outside decode per step {row.Engine.OutsideDecodeSeconds * 1e6:F0} / {row.Bare.OutsideDecodeSeconds * 1e6:F0} us{(row.Engine.DecodedInLockstep ? "" : " (not in lockstep)")}"));
                        }
                    }
                    else if (side == 0)
                    {
                        foreach (var parallel in parallels)
                        {
                            var measured = await bench.MeasureAsync(parallel, cancellationToken);
                            ours[parallel].Add(measured);
                            output.WriteLine(Invariant($"round {round} ours      parallel {parallel,2}: prompt {measured.PromptTokensPerSecond,8:F1} t/s, generation {measured.GenerationTokensPerSecond,7:F1} t/s, outside decode per step {measured.OutsideDecodeSeconds * 1e6:F0} us{(measured.DecodedInLockstep ? "" : $" (not in lockstep: {measured.EndedEarly} ended early or prompts split)")}"));
                        }
                    }
                    else
                    {
                        foreach (var row in await ReferenceBatchedBench.RunAsync(tools, modelPath, threads, parallels, cancellationToken))
                        {
                            reference[row.Parallel].Add(row);
                            output.WriteLine(Invariant($"round {round} llama.cpp parallel {row.Parallel,2}: prompt {row.PromptTokensPerSecond,8:F1} t/s, generation {row.GenerationTokensPerSecond,7:F1} t/s"));
                        }
                    }
                }
            }

            // The fork needs eight sequence slots; a run measured at fewer parallel sequences forks in its own generator.
            using var forkGenerator = bench.MaxParallel >= ForkSamples ? null : new OurEngineBench(model, ForkSamples, threads);
            var forkBench = forkGenerator ?? bench;
            var forkPrompt = forkBench.RandomTokens(OurEngineBench.PromptTokens);
            var single = new List<double>();
            var forked = new List<double>();
            for (var round = 0; round < Math.Max(rounds, 3); round++)
            {
                single.Add(await forkBench.MeasureForkAsync(forkPrompt, 1, cancellationToken));
                forked.Add(await forkBench.MeasureForkAsync(forkPrompt, ForkSamples, cancellationToken));
            }
            output.WriteLine(Invariant($"fork: one sequence [{string.Join(", ", single.Select(s => $"{s * 1000:F0}"))}] ms, {ForkSamples} forked [{string.Join(", ", forked.Select(s => $"{s * 1000:F0}"))}] ms"));

            output.WriteLine("Measuring the engine's peak memory in a child process...");
            var peakBytes = await EngineMemoryProbe.MeasureInChildAsync(modelPath, parallels.Max(), threads, cancellationToken);
            var kvBytes = KvShape.FromGguf(GgufFile.Read(modelPath)).Bytes(bench.ContextCells);

            var report = new EngineBenchReport(
                parallels.Select(p => new ThroughputSamples(p,
                    ours[p].Select(o => o.GenerationTokensPerSecond).ToList(),
                    reference[p].Select(r => r.GenerationTokensPerSecond).ToList(),
                    ours[p].Select(o => o.PromptTokensPerSecond).ToList(),
                    reference[p].Select(r => r.PromptTokensPerSecond).ToList(),
                    ours[p].Select(o => o.OutsideDecodeSeconds).ToList())).ToList(),
                BenchStatistics.RatioOfMedians(forked, single),
                peakBytes / Mebibyte,
                new FileInfo(modelPath).Length / Mebibyte,
                kvBytes / Mebibyte,
                MachineDescription.Current(),
                parallels.Select(p => new LlamaSharpSamples(p,
                    llamaSharp[p].Select(o => o.Engine.GenerationTokensPerSecond).ToList(),
                    llamaSharp[p].Select(o => o.Bare.GenerationTokensPerSecond).ToList(),
                    reference[p].Select(r => r.GenerationTokensPerSecond).ToList(),
                    llamaSharp[p].Select(o => o.Engine.PromptTokensPerSecond).ToList(),
                    reference[p].Select(r => r.PromptTokensPerSecond).ToList(),
                    llamaSharp[p].Select(o => o.Engine.OutsideDecodeSeconds).ToList(),
                    llamaSharp[p].Select(o => o.Bare.OutsideDecodeSeconds).ToList(),
                    llamaSharp[p].Select(o => o.Bare.StepSeconds).ToList())).ToList(),
                nativeBuild.Build,
                llamaSharpBuild);

            output.WriteLine();
            output.Write(report.ToTable());
            if (ours.Values.SelectMany(o => o).Any(o => !o.DecodedInLockstep))
            {
                output.WriteLine("Note: some rounds of ours were not decoded in lockstep (see above); their numbers are still what was measured.");
            }

            // Written before the equality check, so the measured numbers are kept whatever it finds.
            if (jsonPath is not null)
            {
                await File.WriteAllTextAsync(jsonPath, report.ToJson() + "\n", cancellationToken);
                output.WriteLine($"Wrote {jsonPath}");
            }
            output.WriteLine();
            output.WriteLine(Invariant($"Greedy equality with llama-simple on the same libraries ({EqualityTokens} tokens per prompt):"));
            var check = new GreedyReferenceCheck(tools, backend.LibraryDirectory);
            using var equalityGenerator = new BatchedGenerator(model, new BatchedGeneratorOptions { Sequences = 1, SequenceLength = 256, Threads = threads });
            var allIdentical = true;
            foreach (var prompt in EqualityPrompts)
            {
                var comparison = await check.CompareAsync(equalityGenerator, modelPath, prompt, EqualityTokens, cancellationToken);
                allIdentical &= comparison.Identical;
                output.WriteLine(Invariant($"  {(comparison.Identical ? "identical" : "DIFFERENT")}: prompt ids {(comparison.PromptTokensEqual ? "equal" : "differ")}, text {(comparison.TextEqual ? "equal" : "differs")}, tokens {comparison.OurTokenCount} vs {comparison.ReferenceTokenCount}: {comparison.Prompt.Split('\n')[0]}"));
            }

            return allIdentical ? 0 : 1;
        }
        catch (Exception ex) when (ex is BenchException or LlamaException or Platform.Gguf.GgufFormatException)
        {
            context.Error.WriteLine($"thoughtboard bench: {ex.Message}");
            return 1;
        }
    }

    private const double Mebibyte = 1024 * 1024;

    private static int[] ParseParallels(string list)
    {
        var values = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 256 ? n : -1).ToArray();
        if (values.Length == 0 || values.Contains(-1))
            throw new CommandLineException($"--parallels '{list}' must be a comma-separated list of numbers from 1 to 256, e.g. 1,8,32.");
        return values.Distinct().Order().ToArray();
    }

    /// <summary>The benchmark model of the test-model generator (271M parameters, Q8_0), written to .models/ once.</summary>
    private static string DefaultModel(string root, TextWriter output)
    {
        var folder = Path.Combine(root, ".models");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, TestModelSpec.Bench.FileName);
        if (!File.Exists(path))
        {
            output.WriteLine($"Generating the benchmark model {path} (about 290 MB)...");
        }
        return TestModelGenerator.EnsureModel(TestModelSpec.Bench, folder);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
