namespace Platform.Data.Entities;

/// <summary>A worker process as it last reported itself; a stale heartbeat means it is gone.</summary>
public class Worker
{
    public long Id { get; set; }

    /// <summary>Unique name, the same one runs record in <see cref="Run.WorkerName"/>.</summary>
    public required string Name { get; set; }

    public required string Machine { get; set; }

    public WorkerBackend Backend { get; set; }

    /// <summary>Names of the models the worker holds in memory.</summary>
    public List<string> LoadedModels { get; set; } = [];

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset HeartbeatAt { get; set; }
}
