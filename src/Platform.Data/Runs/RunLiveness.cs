using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;

namespace Platform.Data.Runs;

/// <summary>
/// Whether a running run still has its worker. A worker touches its row in the Workers table every few seconds
/// (Worker:HeartbeatInterval, 2 s by default); when that heartbeat is older than <see cref="WorkerSilence"/> the worker is
/// gone (killed, its machine down) and the run only waits: Hangfire gives its job to another worker once the job's
/// invisibility timeout passes, and the run resumes after its stored items. Until then the run page and the API say so
/// instead of showing a progress that does not move.
/// </summary>
public static class RunLiveness
{
    /// <summary>Fifteen missed worker heartbeats at the default interval.</summary>
    public static readonly TimeSpan WorkerSilence = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The words a running run shows when its worker has been silent too long, e.g. "Waiting for a worker (last seen
    /// 07:41:05 UTC, 3 min ago)"; null when the run is not running or its worker is alive. The worker's row is the
    /// evidence; a run whose worker has no row (it never registered) is judged by its own heartbeat.
    /// </summary>
    public static string? WaitingForWorker(RunState state, DateTimeOffset? workerHeartbeat, DateTimeOffset? runHeartbeat, DateTimeOffset now)
    {
        if (state != RunState.Running || (workerHeartbeat ?? runHeartbeat) is not { } lastSeen || now - lastSeen <= WorkerSilence)
            return null;
        var ago = now - lastSeen;
        string elapsed = ago.TotalMinutes < 1 ? $"{(int)ago.TotalSeconds} s"
            : ago.TotalHours < 1 ? $"{(int)ago.TotalMinutes} min"
            : ago.TotalDays < 1 ? $"{(int)ago.TotalHours} h"
            : $"{(int)ago.TotalDays} d";
        return string.Create(CultureInfo.InvariantCulture, $"Waiting for a worker (last seen {lastSeen.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, {elapsed} ago)");
    }

    /// <summary>The last heartbeat of each named worker, for the runs a page or API answer shows.</summary>
    public static async Task<IReadOnlyDictionary<string, DateTimeOffset>> WorkerHeartbeatsAsync(
        ThoughtboardDbContext db, IEnumerable<string?> workerNames, CancellationToken ct)
    {
        var names = workerNames.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
            return new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        return await db.Workers.Where(w => names.Contains(w.Name))
            .ToDictionaryAsync(w => w.Name, w => w.HeartbeatAt, StringComparer.Ordinal, ct);
    }
}
