namespace Platform.Worker;

// A worker process for deployments: it takes runs from the Hangfire queues in PostgreSQL and evaluates them.
// Configuration: ConnectionStrings__Thoughtboard, Worker__Name, Worker__Backend, Worker__Queues__0, ... (docs/jobs.md).
// A named class rather than top-level statements: the web app references this assembly, and two global
// Program types would collide.
internal static class WorkerProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        try
        {
            builder.AddThoughtboardWorker();
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine($"Platform.Worker: {ex.Message}");
            return 1;
        }
        using var host = builder.Build();
        await host.RunAsync();
        return 0;
    }
}
