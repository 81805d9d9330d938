namespace Platform.Data.Jobs;

/// <summary>
/// The job contract between the side that enqueues runs (web app, API, command line) and the workers that
/// execute them. Hangfire stores only this interface, the method and the run id; each worker process resolves the
/// interface to its own implementation (Platform.Worker's RunJob), so the web app, which references Platform.Jobs but
/// neither Platform.Worker nor Platform.Llama, enqueues runs without loading the engine.
/// </summary>
public interface IRunJob
{
    /// <summary>
    /// Evaluates the run's remaining items and stores their results, progress and aggregates. Safe to call
    /// again for the same run: finished items are skipped, so a retried or re-fetched job resumes.
    /// </summary>
    /// <param name="cancellationToken">Fires when the worker shuts down or the Hangfire job is deleted (cancel).</param>
    Task ExecuteAsync(long runId, CancellationToken cancellationToken);
}

/// <summary>Hangfire queue names; a worker listens to the queues its hardware can serve.</summary>
public static class RunQueues
{
    public const string Cpu = "cpu";
    public const string Gpu = "gpu";

    public static string NameOf(Entities.RunQueue queue) => queue switch
    {
        Entities.RunQueue.Cpu => Cpu,
        Entities.RunQueue.Gpu => Gpu,
        _ => throw new ArgumentOutOfRangeException(nameof(queue), queue, "Unknown run queue."),
    };
}
