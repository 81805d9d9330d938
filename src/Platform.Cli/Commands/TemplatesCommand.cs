using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Cli.Bench;
using Platform.Cli.Templates;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>templates check</c>: renders llama.cpp's 70 test chat templates with our Jinja engine and with llama.cpp's own
/// (through a small reference program), on fixed conversations, and compares the prompts byte for byte.
/// </summary>
public static class TemplatesCommand
{
    public const string Usage = "templates check [--json FILE] [--templates DIR]";

    public static async Task<int> RunAsync(CommandArgs args, CommandContext context)
    {
        var mode = args.Positionals.Count > 0 ? args.Positionals[0] : null;
        if (mode != "check") throw new CommandLineException(mode is null ? "say what to do: 'check'." : $"unknown action '{mode}'; there is 'check'.");
        var jsonPath = args.Optional("json");
        var folder = args.Optional("templates") ?? ChatTemplateReference.TemplatesFolder();
        args.EnsureAllRead(maxPositionals: 1);

        var root = RepositoryRoot.Find();
        if (root is null)
        {
            context.Error.WriteLine("thoughtboard templates: run it from a Thoughtboard checkout (Platform.sln was not found).");
            return 1;
        }
        TemplateCheckReport report;
        try
        {
            var reference = await ChatTemplateReference.EnsureBuiltAsync(root, context.CancellationToken);
            if (!Directory.Exists(folder)) throw new BenchException($"the templates folder {folder} does not exist.");
            report = await TemplateCheck.RunAsync(reference, folder, context.CancellationToken);
        }
        catch (BenchException ex)
        {
            context.Error.WriteLine($"thoughtboard templates: {ex.Message}");
            return 1;
        }

        Print(report, context.Out);
        if (jsonPath != null) await File.WriteAllTextAsync(jsonPath, ToJson(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }), context.CancellationToken);
        return report.Failures.Any() ? 1 : 0;
    }

    private static void Print(TemplateCheckReport report, TextWriter output)
    {
        foreach (var f in report.Failures)
        {
            output.WriteLine($"DIFFERENT {f.Template} [{f.Conversation}]: {Describe(f)}");
            if (f.Offset is int offset)
            {
                output.WriteLine($"    ours:      {TemplateCheck.Excerpt(f.Ours, offset)}");
                output.WriteLine($"    llama.cpp: {TemplateCheck.Excerpt(f.Reference, offset)}");
            }
            else output.WriteLine($"    {(f.Outcome == CaseOutcome.OnlyOursRaised ? f.Ours : f.Reference).Split('\n').FirstOrDefault(l => l.Trim().Length > 0)}");
        }
        var raised = report.BothRaised.ToList();
        foreach (var group in raised.GroupBy(r => r.Template))
            output.WriteLine($"both raised: {group.Key} on {string.Join(", ", group.Select(r => r.Conversation))}");
        output.WriteLine($"{report.IdenticalTemplates} of {report.Templates.Count} identical " +
            $"({report.Cases.Count(c => c.Agrees)} of {report.Cases.Count} cases; {raised.Count} where both raised)");
    }

    private static string Describe(CaseResult f) => f.Outcome switch
    {
        CaseOutcome.Different => $"first difference at byte {f.Offset}",
        CaseOutcome.OnlyOursRaised => "only our engine raised",
        _ => "only llama.cpp raised",
    };

    private static JsonObject ToJson(TemplateCheckReport report) => new()
    {
        ["templates"] = report.Templates.Count,
        ["identical"] = report.IdenticalTemplates,
        ["cases"] = report.Cases.Count,
        ["failures"] = new JsonArray(report.Failures.Select(f => (JsonNode)new JsonObject
        {
            ["template"] = f.Template,
            ["conversation"] = f.Conversation,
            ["offset"] = f.Offset,
            ["outcome"] = f.Outcome.ToString(),
        }).ToArray()),
        ["bothRaised"] = new JsonArray(report.BothRaised.Select(f => (JsonNode)new JsonObject
        {
            ["template"] = f.Template,
            ["conversation"] = f.Conversation,
            ["ours"] = f.Ours,
            ["reference"] = f.Reference,
        }).ToArray()),
    };
}
