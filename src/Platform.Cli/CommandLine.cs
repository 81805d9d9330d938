using Platform.Cli.Commands;

namespace Platform.Cli;

/// <summary>A command of <c>./thoughtboard</c>: its name, one line of help, and what it runs.</summary>
public sealed record CliCommand(string Name, string Usage, string Summary, Func<CommandArgs, CommandContext, Task<int>> RunAsync);

/// <summary>Where a command writes, and the token that Ctrl-C cancels.</summary>
public sealed record CommandContext(TextWriter Out, TextWriter Error, CancellationToken CancellationToken);

public static class CommandLine
{
    public const int UsageError = 2;

    /// <summary>Every command the CLI knows, in the order help lists them.</summary>
    public static IReadOnlyList<CliCommand> Commands { get; } =
    [
        new("help", "help", "List the commands.", (_, ctx) => Task.FromResult(PrintHelp(ctx.Out))),
        new("migrate", "migrate [--list]", "Apply pending database migrations (--list shows applied and pending).", MigrateCommand.RunAsync),
        new("eval", EvalCommand.Usage, "Evaluate a GGUF model on a suite with a thinking style, on this machine; prints a results table.", EvalCommand.RunAsync),
        new("rescore", RescoreCommand.Usage, "Score a run log's stored outputs again with this version's extractor and checkers; no model needed.", RescoreCommand.RunAsync),
        new("suites", "suites", "List the built-in suites (task type, answer kind, levels) and imported suites in the database.", CatalogCommands.SuitesAsync),
        new("styles", "styles", "List the thinking styles with their versions, parameters and descriptions.", CatalogCommands.StylesAsync),
        new("import", ImportCommand.Usage, "Validate a dataset file (every bad line by number) and store it as a suite when a database is configured.", ImportCommand.RunAsync),
        new("seed", "seed", "Store the built-in suites and the style catalog in the database (a second run changes nothing).", SeedCommand.RunAsync),
        new("demo-model", "demo-model", "Print the path of the generated demo model (made under .models/ when missing).", DemoModelCommand.RunAsync),
        new("apikey", ApiKeyCommand.Usage, "Create, list or revoke API keys for the REST API.", ApiKeyCommand.RunAsync),
        new("admin", AdminCommand.Usage, "Create administrators; disable, enable, change the role or password of a user.", AdminCommand.RunAsync),
        new("worker", WorkerCommand.Usage, "Run an evaluation worker: take runs from the job queues in PostgreSQL until stopped.", WorkerCommand.RunAsync),
        new("templates", TemplatesCommand.Usage, "Render llama.cpp's 70 test chat templates with our Jinja engine and llama.cpp's, and compare byte for byte.", TemplatesCommand.RunAsync),
        new("bench", BenchCommand.Usage, "Measure our engine against llama.cpp itself: speed, fork cost, memory, greedy equality.", BenchCommand.RunAsync),
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            return PrintHelp(stdout);
        }

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            stderr.WriteLine($"thoughtboard: unknown command '{args[0]}'.");
            PrintHelp(stderr);
            return UsageError;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        try
        {
            return await command.RunAsync(CommandArgs.Parse(args.Skip(1)), new CommandContext(stdout, stderr, cancellation.Token));
        }
        catch (CommandLineException ex)
        {
            stderr.WriteLine($"thoughtboard {command.Name}: {ex.Message}");
            stderr.WriteLine($"usage: thoughtboard {command.Usage}");
            return UsageError;
        }
        catch (Exception ex) when (ex is Platform.Llama.LlamaException or Platform.Gguf.GgufFormatException)
        {
            // A model file or the engine refused: the message says what is wrong and what to do, a stack trace would not.
            stderr.WriteLine($"thoughtboard {command.Name}: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            stderr.WriteLine("Cancelled.");
            return 130;
        }
    }

    private static int PrintHelp(TextWriter writer)
    {
        writer.WriteLine("usage: thoughtboard <command> [options]");
        writer.WriteLine();
        // Long usages (eval's options) get a line of their own so the summaries stay in one readable column.
        const int longestInline = 40;
        var width = Commands.Where(c => c.Usage.Length <= longestInline).Max(c => c.Usage.Length) + 2;
        foreach (var command in Commands)
        {
            if (command.Usage.Length > longestInline)
            {
                writer.WriteLine($"  {command.Usage}");
                writer.WriteLine($"  {new string(' ', width)}{command.Summary}");
                continue;
            }
            writer.WriteLine($"  {command.Usage.PadRight(width)}{command.Summary}");
        }
        return 0;
    }
}
