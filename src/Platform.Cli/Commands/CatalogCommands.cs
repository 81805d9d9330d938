using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets.Suites;
using Platform.Jobs.Catalog;
using Platform.Worker.Evaluation;

namespace Platform.Cli.Commands;

/// <summary><c>thoughtboard suites</c> and <c>thoughtboard styles</c>: what can be evaluated, and how.</summary>
internal static class CatalogCommands
{
    public static async Task<int> SuitesAsync(CommandArgs args, CommandContext context)
    {
        args.EnsureAllRead();
        var output = context.Out;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Built-in suites (levels 1-5; {SuiteCatalog.BuiltInItemsPerLevel} items per level from seed {SuiteCatalog.BuiltInSeed}; pick levels with NAME@3, NAME@2-4 or NAME@1,3):"));
        foreach (var generator in BuiltInSuites.All.Values)
        {
            output.WriteLine();
            output.WriteLine($"  {generator.Name} v{generator.Version}  task {generator.TaskType}, answer {generator.AnswerKind}");
            output.WriteLine($"    {generator.Description}");
            foreach (var knob in generator.Levels)
            {
                output.WriteLine($"    level {knob.Level}: {knob.Meaning}");
            }
        }

        if (!CliDatabase.IsConfigured())
        {
            output.WriteLine();
            output.WriteLine("(No database configured: imported suites are listed when ConnectionStrings__Thoughtboard is set.)");
            return 0;
        }
        try
        {
            using var database = CliDatabase.Open();
            await using var db = await database.CreateContextAsync(context.CancellationToken);
            var imported = await db.Suites.Where(s => s.Source == SuiteSource.Imported)
                .OrderBy(s => s.Name).ThenBy(s => s.Version)
                .Select(s => new { s.Name, s.Version, s.TaskType, s.AnswerKind, Items = s.Items.Count, s.ContentHash })
                .ToListAsync(context.CancellationToken);
            output.WriteLine();
            output.WriteLine(imported.Count == 0 ? "No imported suites in the database." : "Imported suites in the database:");
            foreach (var suite in imported)
            {
                output.WriteLine($"  {suite.Name} v{suite.Version}  task {suite.TaskType}, answer {suite.AnswerKind}, {suite.Items} items, content {suite.ContentHash[..12]}...");
            }
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NpgsqlException)
        {
            context.Error.WriteLine($"thoughtboard suites: the built-in suites are listed above, but the database could not be read: {ex.Message}");
            return 1;
        }
    }

    public static Task<int> StylesAsync(CommandArgs args, CommandContext context)
    {
        args.EnsureAllRead();
        var entries = StyleCatalog.BaseStyles;
        var width = entries.Max(e => e.Name.Length) + 2;
        foreach (var entry in entries)
        {
            var parameters = JsonSerializer.Serialize(entry.Style.Parameters, WorkerEvaluationJson.Default.StyleParameters);
            context.Out.WriteLine($"{entry.Name.PadRight(width)}v{entry.Style.Version}  {entry.Description}");
            context.Out.WriteLine($"{new string(' ', width)}    parameters {parameters}, answer format {entry.Style.Formats}, " +
                (entry.Style.ParaphraseCount == 1
                    ? "one wording"
                    : $"{entry.Style.ParaphraseCount} wordings (--paraphrase 0 to {entry.Style.ParaphraseCount - 1})"));
        }
        context.Out.WriteLine();
        context.Out.WriteLine("Self-consistency wraps any style: `--samples K` (or the label NAME+scK) votes over K sampled answers " +
            "at --temperature (default 0.7 when the run is greedy).");
        return Task.FromResult(0);
    }
}
