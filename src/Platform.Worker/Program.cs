using Platform.Worker;

// A worker process: it takes runs from the Hangfire queues in PostgreSQL and evaluates them.
// Configuration: ConnectionStrings__Thoughtboard, Worker__Name, Worker__Backend, Worker__Queues__0, ... (docs/jobs.md).
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
