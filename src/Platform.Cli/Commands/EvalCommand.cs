using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Cli.Evaluation;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Styles;
using Platform.Jobs.Catalog;
using Platform.Llama;
using Platform.Llama.Engine;
using Platform.Gguf;
using Platform.Worker.Evaluation;
using Platform.Worker.Models;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>thoughtboard eval</c>: one model, one suite, one style, on this machine, without the web app. It goes
/// through the worker's <see cref="EvaluationSession"/>, so its numbers are the ones a job would produce.
/// </summary>
internal static class EvalCommand
{
    public const string Usage =
        "eval --model FILE.gguf --suite NAME[@levels]|IMPORTED --style NAME [--samples K [--vote-ties first|none]] [--paraphrase I] [--limit N] [--seed S] " +
        "[--max-tokens N] [--temperature T] [--parallel N] [--threads N] [--engine native|llamasharp|auto] " + TemplateArgOption.Usage + " [--out run.jsonl [--resume]]";

    public static async Task<int> RunAsync(CommandArgs args, CommandContext context)
    {
        var modelPath = args.Required("model");
        var suiteSpec = args.Required("suite");
        var styleName = args.Required("style");
        var samples = args.OptionalInt("samples", 1, 64) ?? 1;
        var voteTies = args.Optional("vote-ties");
        var paraphrase = args.OptionalInt("paraphrase", 0) ?? 0;
        var limit = args.OptionalInt("limit", 1);
        var seed = (ulong)(args.OptionalInt("seed", 0) ?? (int)SuiteCatalog.BuiltInSeed);
        var maxTokens = args.OptionalInt("max-tokens", 1, 32768);
        var temperature = (float)(args.OptionalDouble("temperature", 0, 2) ?? 0);
        var parallel = args.OptionalInt("parallel", 1, 256) ?? EvaluationRequest.DefaultParallel;
        var threads = args.OptionalInt("threads", 1, 1024);
        var engineName = args.Optional("engine");
        var templateArgs = TemplateArgOption.Read(args);
        var outPath = args.Optional("out");
        var resume = args.Flag("resume");
        args.EnsureAllRead();
        if (resume && outPath is null)
        {
            throw new CommandLineException("--resume continues the log named by --out; give --out too.");
        }

        VoteTieRule tieRule;
        try
        {
            tieRule = SelfConsistency.ParseTieRule(voteTies);
            var style = EvaluationSession.ResolveStyle(styleName, samples, temperature, tieRule, paraphrase);
            if (voteTies is not null && style.Parameters is not SelfConsistencyParameters)
            {
                throw new ArgumentException("--vote-ties applies to a vote: give --samples K (2 or more) or a label such as cot+sc5.");
            }
        }
        catch (ArgumentException ex)
        {
            throw new CommandLineException(ex.Message);
        }
        var suite = await FindSuiteAsync(suiteSpec, seed, context);
        if (suite is null)
        {
            return 1;
        }

        if (!resume && outPath is not null && File.Exists(outPath))
        {
            context.Error.WriteLine(
                $"thoughtboard eval: {outPath} already exists. Add --resume to continue that run, or choose another --out (an existing log is never overwritten).");
            return 1;
        }
        RunLogContent? previous = null;
        if (resume && File.Exists(outPath))
        {
            try
            {
                var content = await RunLog.ReadAsync(outPath, context.CancellationToken);
                // Failed items are tried again; only scored items count as done.
                previous = content with { Items = content.Items.Where(i => !i.Failed).ToList() };
            }
            catch (RunLogFormatException ex)
            {
                context.Error.WriteLine($"thoughtboard eval: cannot resume: {ex.Message}");
                return 1;
            }
        }

        var request = new EvaluationRequest
        {
            ModelPath = modelPath,
            Suite = suite,
            SuiteSpec = suiteSpec,
            Style = styleName,
            Samples = samples,
            Limit = limit,
            Seed = seed,
            MaxTokens = maxTokens,
            Temperature = temperature,
            TieRule = tieRule,
            Paraphrase = paraphrase,
            Parallel = parallel,
            Threads = threads,
            TemplateArgs = templateArgs,
            DoneItemIds = previous?.Items.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal),
        };

        EvaluationSession session;
        try
        {
            var engine = LlamaEngines.Use(LlamaEngines.Parse(
                engineName ?? Environment.GetEnvironmentVariable(LlamaEngines.EngineVariable), engineName is null ? LlamaEngines.EngineVariable : "--engine"));
            if (engine.Kind == LlamaEngineKind.Native)
                await NativeAssets.EnsureLibrariesAsync(RequestedBackend(), context.Error, context.CancellationToken);
            session = await EvaluationSession.OpenAsync(request, context.CancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or GgufFormatException or LlamaException or ModelLoadException or IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"thoughtboard eval: {ex.Message}");
            return 1;
        }

        using (session)
        {
            var header = previous?.Header ?? session.Header;
            if (previous is not null && previous.Header.ConfigHash != session.Header.ConfigHash)
            {
                context.Error.WriteLine(
                    $"thoughtboard eval: {outPath} was written by another configuration (model, suite, style, settings, template arguments, seed or limit differ); " +
                    "--resume only continues the same run. Use another --out, or drop --resume to start over.");
                return 1;
            }
            DescribeRun(context.Error, session, previous?.Items.Count ?? 0);

            var records = new List<ItemRecord>(previous?.Items ?? []);
            await using var log = outPath is null ? null : await RunLogWriter.CreateAsync(outPath, header, records, context.CancellationToken);

            var interactive = ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected;
            var progress = new ProgressDisplay(context.Error, interactive, session.Suite.Items.Count - records.Count);
            try
            {
                await foreach (var record in session.RunAsync(cancellationToken: context.CancellationToken))
                {
                    records.Add(record);
                    if (log is not null)
                    {
                        await log.WriteAsync(record, context.CancellationToken);
                    }
                    progress.ItemFinished(record.OutputTokens, record.Failed);
                }
            }
            catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
            {
                progress.Finish();
                context.Error.WriteLine(outPath is null
                    ? $"Stopped after {records.Count} item(s)."
                    : $"Stopped after {records.Count} item(s); they are kept in {outPath}. Run the same command with --resume to finish.");
                throw;
            }
            progress.Finish();

            context.Out.WriteLine($"{header.Run.Suite} ({header.SuiteSpec}, {records.Count} items) x {header.Run.StyleLabel} on {header.Model.Name}");
            ResultsTable.Write(context.Out, records.Select(r => r.ToOutcome()).ToList());
            context.Error.WriteLine(outPath is null
                ? "No per-item log was written; add --out run.jsonl to keep one."
                : $"Per-item log: {outPath}");
            return 0;
        }
    }

    /// <summary>
    /// A built-in suite, or else an imported suite of that name in the database (its latest import) when one is
    /// configured. Null after a reported failure to read the database.
    /// </summary>
    private static async Task<Suite?> FindSuiteAsync(string spec, ulong seed, CommandContext context)
    {
        try
        {
            return SuiteCatalog.BuiltIn(spec, seed);
        }
        catch (FormatException ex)
        {
            throw new CommandLineException(ex.Message);
        }
        catch (KeyNotFoundException ex)
        {
            if (spec.Contains('@', StringComparison.Ordinal) || !CliDatabase.IsConfigured())
            {
                throw new CommandLineException(ex.Message + (CliDatabase.IsConfigured() ? "" : " Imported suites are found when a database is configured."));
            }
            try
            {
                using var database = CliDatabase.Open();
                await using var db = await database.CreateContextAsync(context.CancellationToken);
                var stored = await db.Suites.Include(s => s.Items)
                    .Where(s => s.Name == spec && s.Source == SuiteSource.Imported)
                    .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
                    .FirstOrDefaultAsync(context.CancellationToken);
                return stored is null
                    ? throw new CommandLineException($"{ex.Message} No imported suite named '{spec}' is in the database either (`thoughtboard suites` lists both).")
                    : SuiteCatalog.FromStored(stored);
            }
            catch (Exception dbError) when (dbError is InvalidOperationException or NpgsqlException or FormatException)
            {
                context.Error.WriteLine($"thoughtboard eval: '{spec}' is not a built-in suite, and the database could not be searched for an imported one: {dbError.Message}");
                return null;
            }
        }
    }

    /// <summary>The build THOUGHTBOARD_BACKEND asks for; a value the engine does not understand is reported by the engine.</summary>
    private static LlamaBackendKind RequestedBackend() =>
        Environment.GetEnvironmentVariable(LlamaBackend.BackendVariable)?.Trim().ToLowerInvariant() switch
        {
            "cuda" => LlamaBackendKind.Cuda,
            "cpu" => LlamaBackendKind.Cpu,
            _ => LlamaBackendKind.Auto,
        };

    private static void DescribeRun(TextWriter error, EvaluationSession session, int alreadyDone)
    {
        var header = session.Header;
        var engine = header.Engine;
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Model {header.Model.FileName} ({header.Model.Name}, {header.Model.ParameterCount:N0} parameters, sha256 {header.Model.Sha256[..12]}...)"));
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Suite {header.SuiteSpec}: {header.ItemsSelected} of {header.Run.SuiteItems} items; style {header.Run.StyleLabel} v{header.Run.StyleVersion}; " +
            $"seed {header.Seed}, temperature {header.Run.Sampling.Temperature}, max tokens {header.Run.Sampling.MaxTokens}"));
        var resuming = alreadyDone > 0 ? string.Create(CultureInfo.InvariantCulture, $"; resuming with {alreadyDone} item(s) already done") : "";
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Engine: {engine.Backend}, {engine.Sequences} parallel sequences of {engine.SequenceLength} tokens, {engine.Threads} threads{resuming}"));
    }
}
