using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Platform.Llama;
using Platform.Worker;

namespace Platform.Cli.Commands;

/// <summary>
/// <c>thoughtboard worker</c>: the same job server as the Platform.Worker program, started from the CLI. Options
/// override the <c>Worker</c> configuration (environment variables <c>Worker__Name</c>... work as well).
/// </summary>
internal static class WorkerCommand
{
    public const string Usage = "worker [--name NAME] [--backend cpu|cuda] [--queue Q]... [--concurrency N]";

    public static async Task<int> RunAsync(CommandArgs args, CommandContext context)
    {
        var overrides = new Dictionary<string, string?>();
        if (args.Optional("name") is { } name)
            overrides["Worker:Name"] = name;
        if (args.Optional("backend") is { } backend)
        {
            if (!Enum.TryParse<Data.Entities.WorkerBackend>(backend, ignoreCase: true, out var parsed))
                throw new CommandLineException($"--backend '{backend}' is not known; use cpu or cuda.");
            overrides["Worker:Backend"] = parsed.ToString();
        }
        var queues = args.Values("queue");
        for (int i = 0; i < queues.Count; i++)
            overrides[$"Worker:Queues:{i}"] = queues[i];
        if (args.OptionalInt("concurrency", 1, 64) is int concurrency)
            overrides["Worker:Concurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        args.EnsureAllRead();

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(overrides);
        try
        {
            builder.AddThoughtboardWorker();
        }
        catch (InvalidOperationException ex)
        {
            context.Error.WriteLine($"thoughtboard worker: {ex.Message}");
            return 1;
        }
        var cuda = string.Equals(builder.Configuration["Worker:Backend"], nameof(Data.Entities.WorkerBackend.Cuda), StringComparison.OrdinalIgnoreCase);
        await NativeAssets.EnsureLibrariesAsync(cuda ? LlamaBackendKind.Cuda : LlamaBackendKind.Cpu, context.Error, context.CancellationToken);
        using var host = builder.Build();
        await host.RunAsync(context.CancellationToken);
        return 0;
    }
}
