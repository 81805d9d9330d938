using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.Worker.Jobs;

/// <summary>
/// Retries a database step while PostgreSQL is unreachable (restarting, failing over), so a run keeps its
/// engine state and in-memory results across a short outage instead of starting its job over.
/// </summary>
public static class DatabaseRetry
{
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> step, TimeSpan tolerance, ILogger logger, string what, CancellationToken cancellationToken)
    {
        var giveUpAt = DateTimeOffset.UtcNow + tolerance;
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                return await step(cancellationToken);
            }
            catch (Exception ex) when (IsTransient(ex) && DateTimeOffset.UtcNow < giveUpAt && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("PostgreSQL unavailable while {What} ({Message}); retrying in {Delay} ms", what, ex.Message, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
    }

    public static Task RunAsync(Func<CancellationToken, Task> step, TimeSpan tolerance, ILogger logger, string what, CancellationToken cancellationToken) =>
        RunAsync(async token => { await step(token); return true; }, tolerance, logger, what, cancellationToken);

    /// <summary>A lost or refused connection, or a server shutting down or starting up; not a constraint or SQL error.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case PostgresException postgres:
                    // Class 08 connection exceptions, 57P0x shutdown / cannot connect now, 53 insufficient resources.
                    return postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal);
                case NpgsqlException npgsql when npgsql.IsTransient:
                case SocketException:
                case EndOfStreamException:
                case TimeoutException:
                    return true;
            }
        }
        return false;
    }
}
