using System.Globalization;
using Platform.Cli.Evaluation;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Scoring.Checkers;
using Platform.Worker.Evaluation;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>thoughtboard rescore run.jsonl</c>: judges the stored raw outputs again with this version's extractor and
/// checkers, without the model, and shows what changed.
/// </summary>
internal static class RescoreCommand
{
    public const string Usage = "rescore RUN.jsonl [--out FILE.jsonl]";

    public static async Task<int> RunAsync(CommandArgs args, CommandContext context)
    {
        var outPath = args.Optional("out");
        args.EnsureAllRead(maxPositionals: 1);
        if (args.Positionals.Count == 0)
        {
            throw new CommandLineException("give the run log to rescore (the file `thoughtboard eval --out` wrote).");
        }
        var path = args.Positionals[0];

        RunLogContent log;
        try
        {
            log = await RunLog.ReadAsync(path, context.CancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or RunLogFormatException or IOException)
        {
            context.Error.WriteLine($"thoughtboard rescore: {ex.Message}");
            return 1;
        }

        var run = log.Header.Run;
        var rescored = log.Items.Select(item => RunRescorer.Rescore(item, run)).ToList();
        var scored = log.Items.Count(i => i.Score is not null);
        var changes = log.Items.Zip(rescored)
            .Where(pair => pair.First.Score is { } before && pair.Second.Score is { } after &&
                (before.Strict != after.Strict || before.Flexible != after.Flexible))
            .Select(pair => (pair.First.ItemId, Before: pair.First.Score!, After: pair.Second.Score!))
            .ToList();
        var changed = changes.Count;

        var newChecker = AnswerCheckers.For(run.AnswerKind).Version;
        context.Out.WriteLine($"{path}: {log.Items.Count} items, {scored} with a stored output ({log.Items.Count - scored} failed, left as they were)");
        context.Out.WriteLine($"extractor {log.Header.ExtractorVersion} -> {AnswerExtractor.Version}, checker {log.Header.CheckerVersion} -> {newChecker}");
        context.Out.WriteLine();
        context.Out.WriteLine($"{"verdict",-10}{"strict old",12}{"strict new",12}{"flexible old",14}{"flexible new",14}");
        foreach (var verdict in Enum.GetValues<Verdict>())
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{verdict,-10}{Count(log.Items, verdict, strict: true),12}{Count(rescored, verdict, strict: true),12}" +
                $"{Count(log.Items, verdict, strict: false),14}{Count(rescored, verdict, strict: false),14}"));
        }
        context.Out.WriteLine(changed == 0
            ? "No verdict changed."
            : string.Create(CultureInfo.InvariantCulture, $"{changed} item(s) changed verdict{(changed > ShownChanges ? $", the first {ShownChanges}" : "")}:"));
        foreach (var (itemId, before, after) in changes.Take(ShownChanges))
        {
            context.Out.WriteLine($"  {itemId}: strict {Change(before.Strict, after.Strict, before.StrictExtraction, after.StrictExtraction)}; " +
                $"flexible {Change(before.Flexible, after.Flexible, before.FlexibleExtraction, after.FlexibleExtraction)}");
        }
        context.Out.WriteLine();
        ResultsTable.Write(context.Out, rescored.Select(r => r.ToOutcome()).ToList());

        if (outPath is not null)
        {
            if (Path.GetFullPath(outPath) == Path.GetFullPath(path))
            {
                context.Error.WriteLine("thoughtboard rescore: --out names the log being read; write the rescored log to another file so the original is kept.");
                return 1;
            }
            if (File.Exists(outPath))
            {
                context.Error.WriteLine($"thoughtboard rescore: {outPath} already exists; choose another --out (an existing file is never overwritten).");
                return 1;
            }
            var header = log.Header with { ExtractorVersion = AnswerExtractor.Version, CheckerVersion = newChecker };
            await using var writer = await RunLogWriter.CreateAsync(outPath, header, cancellationToken: context.CancellationToken);
            foreach (var record in rescored)
            {
                await writer.WriteAsync(record, context.CancellationToken);
            }
            context.Error.WriteLine($"Rescored log: {outPath}");
        }
        return 0;
    }

    /// <summary>Enough examples to see what kind of change happened without flooding the terminal.</summary>
    private const int ShownChanges = 5;

    private static string Change(Verdict before, Verdict after, Extraction was, Extraction now) =>
        before == after && was.Answer == now.Answer
            ? $"{after} ({Shown(now)})"
            : $"{before} ({Shown(was)}) -> {after} ({Shown(now)})";

    private static string Shown(Extraction extraction) => extraction.Answer is { } answer
        ? $"'{(answer.Length > 40 ? answer[..40] + "..." : answer).ReplaceLineEndings(" ")}' by {extraction.Method}"
        : "nothing extracted";

    private static int Count(IEnumerable<ItemRecord> records, Verdict verdict, bool strict) =>
        records.Count(r => r.Score is { } score && (strict ? score.Strict : score.Flexible) == verdict);
}
