using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Datasets.Import;
using Platform.Jobs.Catalog;
using Platform.Worker.Evaluation;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>thoughtboard import FILE --format F</c>: validates a dataset file with the evaluation core's importers,
/// reports every bad line by number, and stores the suite when a database is configured. The suite's version is
/// a hash of its items, so importing the same content again is recognised and changes nothing.
/// </summary>
internal static class ImportCommand
{
    public const string Usage =
        "import FILE --format gsm8k|csqa|logiqa|aime|game24-csv|jsonl|csv [--name N] [--skip-invalid] [--private] " +
        "[--field-map q=FIELD,a=FIELD,kind=number|choice|text|list[,task=T][,choices=FIELD][,level=FIELD]]";

    private static readonly IReadOnlyDictionary<string, ImportFormat> Formats = new Dictionary<string, ImportFormat>(StringComparer.OrdinalIgnoreCase)
    {
        ["gsm8k"] = ImportFormat.Gsm8k,
        ["csqa"] = ImportFormat.CommonsenseQa,
        ["logiqa"] = ImportFormat.LogiQa,
        ["aime"] = ImportFormat.Aime,
        ["game24-csv"] = ImportFormat.Game24Csv,
        ["jsonl"] = ImportFormat.GenericJsonl,
        ["csv"] = ImportFormat.GenericCsv,
    };

    public static async Task<int> RunAsync(CommandArgs args, CommandContext context)
    {
        var formatText = args.Required("format");
        var name = args.Optional("name");
        var skipInvalid = args.Flag("skip-invalid");
        var isPrivate = args.Flag("private");
        var fieldMap = args.Optional("field-map");
        args.EnsureAllRead(maxPositionals: 1);
        if (args.Positionals.Count == 0)
        {
            throw new CommandLineException("give the file to import.");
        }
        var path = args.Positionals[0];
        if (!Formats.TryGetValue(formatText, out var format))
        {
            throw new CommandLineException($"unknown format '{formatText}'; use one of {string.Join(", ", Formats.Keys)}.");
        }
        var generic = format is ImportFormat.GenericJsonl or ImportFormat.GenericCsv;
        if (generic && fieldMap is null)
        {
            throw new CommandLineException($"--format {formatText} needs --field-map q=QUESTION_FIELD,a=ANSWER_FIELD,kind=number|choice|text|list.");
        }
        if (!generic && fieldMap is not null)
        {
            throw new CommandLineException($"--field-map is for the generic jsonl and csv formats; {formatText} has fixed fields.");
        }
        if (name is not null && (name.Length is 0 or > 200 || name.Any(char.IsWhiteSpace)))
        {
            throw new CommandLineException($"--name must be 1 to 200 characters without spaces, not '{name}'.");
        }

        var options = new ImportOptions { Name = name, SkipInvalid = skipInvalid, Mapping = fieldMap is null ? null : ParseFieldMap(fieldMap) };
        var report = SuiteImporter.Import(path, format, options);
        if (report.Suite is not { } suite)
        {
            context.Error.WriteLine($"thoughtboard import: {path} was not imported ({report.Problems.Count} problem(s)):");
            foreach (var problem in report.Problems)
            {
                context.Error.WriteLine($"  {(problem.Line > 0 ? $"{path}:{problem.Line}: " : "")}{problem.Reason}");
            }
            if (!skipInvalid && report.Problems.Any(p => p.Line > 0))
            {
                context.Error.WriteLine("Fix those lines, or add --skip-invalid to import only the good ones.");
            }
            return 1;
        }

        Describe(context.Out, path, suite, report);
        if (!CliDatabase.IsConfigured())
        {
            context.Out.WriteLine("No database configured (ConnectionStrings__Thoughtboard): nothing was stored. The suite above is what would be imported.");
            return 0;
        }
        try
        {
            using var database = CliDatabase.Open();
            await using var db = await database.CreateContextAsync(context.CancellationToken);
            var stored = await CatalogStore.StoreSuiteAsync(db, suite, SuiteSource.Imported, DateTimeOffset.UtcNow, context.CancellationToken);
            // Only ever made private here, never public again: importing without the flag must not publish a hidden set.
            var madePrivate = isPrivate && await db.Suites.Where(s => s.Id == stored.Id && !s.IsPrivate)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.IsPrivate, true), context.CancellationToken) == 1;
            context.Out.WriteLine(stored.Outcome == StoreOutcome.Added
                ? $"Stored as suite #{stored.Id} '{suite.Name}' {suite.Version}."
                : $"Already stored as suite #{stored.Id} '{suite.Name}' {suite.Version} with the same content; " +
                  (madePrivate ? "it is now private." : "nothing changed."));
            if (isPrivate)
            {
                context.Out.WriteLine("The suite is private: its prompts, targets and run outputs are shown to administrators only.");
            }
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NpgsqlException or SuiteConflictException)
        {
            context.Error.WriteLine($"thoughtboard import: the file is valid but could not be stored: {ex.Message}");
            return 1;
        }
    }

    private static void Describe(TextWriter output, string path, Suite suite, ImportReport report)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path}: {suite.Items.Count} item(s) of {report.RecordsRead} record(s) as suite '{suite.Name}' {suite.Version}"));
        output.WriteLine($"  task {suite.TaskType}, answer {suite.AnswerKind}, checker {suite.Checker.Version}");
        output.WriteLine($"  levels: {string.Join(", ", suite.Items.GroupBy(i => i.Level).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}"))}");
        output.WriteLine($"  content hash {suite.ContentHash}");
        if (report.Skipped > 0)
        {
            output.WriteLine($"  skipped {report.Skipped} invalid line(s):");
            foreach (var problem in report.Problems.Where(p => p.Line > 0))
            {
                output.WriteLine($"    {path}:{problem.Line}: {problem.Reason}");
            }
        }
    }

    /// <summary>Reads <c>q=...,a=...,kind=...[,task=...][,choices=...][,level=...]</c>.</summary>
    internal static FieldMapping ParseFieldMap(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0 || equals == part.Length - 1)
            {
                throw new CommandLineException($"--field-map: '{part}' is not KEY=VALUE (keys: q, a, kind, task, choices, level).");
            }
            var key = part[..equals].Trim().ToLowerInvariant() switch
            {
                "q" or "question" => "q",
                "a" or "answer" => "a",
                "kind" or "choices" or "level" or "task" => part[..equals].Trim().ToLowerInvariant(),
                var other => throw new CommandLineException($"--field-map: unknown key '{other}' (keys: q, a, kind, task, choices, level)."),
            };
            if (!fields.TryAdd(key, part[(equals + 1)..].Trim()))
            {
                throw new CommandLineException($"--field-map: '{key}' is given twice.");
            }
        }
        string Need(string key, string what) => fields.TryGetValue(key, out var value)
            ? value
            : throw new CommandLineException($"--field-map needs {key}= ({what}).");

        var kindText = Need("kind", "the answer kind: number, choice, text or list");
        if (!Enum.TryParse<AnswerKind>(kindText, ignoreCase: true, out var kind) || int.TryParse(kindText, out _))
        {
            throw new CommandLineException($"--field-map: kind '{kindText}' is not one of number, choice, text, list.");
        }
        var task = DefaultTask(kind);
        if (fields.TryGetValue("task", out var taskText) && (!Enum.TryParse(taskText, ignoreCase: true, out task) || int.TryParse(taskText, out _)))
        {
            throw new CommandLineException($"--field-map: task '{taskText}' is not one of {string.Join(", ", Enum.GetNames<TaskType>().Select(n => n.ToLowerInvariant()))}.");
        }
        return new FieldMapping(
            Need("q", "the question field"), Need("a", "the answer field"), kind, task,
            fields.GetValueOrDefault("choices"), fields.GetValueOrDefault("level"));
    }

    /// <summary>A sensible grouping when the mapping names none; the leaderboard groups recommendations by it.</summary>
    private static TaskType DefaultTask(AnswerKind kind) => kind switch
    {
        AnswerKind.Number => TaskType.Math,
        AnswerKind.List => TaskType.Algorithmic,
        _ => TaskType.Commonsense,
    };
}
