using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Platform.Worker.Jobs;
using Platform.Worker.Models;

namespace Platform.Worker;

/// <summary>
/// Keeps this worker's row in the Workers table current (name, machine, backend, loaded models, heartbeat)
/// for the admin console. A row whose heartbeat stops moving belongs to a worker that is gone.
/// </summary>
public sealed class WorkerRegistration(NpgsqlDataSource dataSource, ModelCache models, IOptions<WorkerOptions> options, ILogger<WorkerRegistration> logger)
    : BackgroundService
{
    private const string UpsertSql = """
        INSERT INTO "Workers" ("Name", "Machine", "Backend", "LoadedModels", "StartedAt", "HeartbeatAt")
        VALUES ($1, $2, $3, $4, $5, $5)
        ON CONFLICT ("Name") DO UPDATE SET
            "Machine" = EXCLUDED."Machine", "Backend" = EXCLUDED."Backend", "LoadedModels" = EXCLUDED."LoadedModels",
            "StartedAt" = CASE WHEN $6 THEN EXCLUDED."StartedAt" ELSE "Workers"."StartedAt" END,
            "HeartbeatAt" = EXCLUDED."HeartbeatAt"
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        bool first = true;
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        do
        {
            try
            {
                await using var command = dataSource.CreateCommand(UpsertSql);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = options.Value.EffectiveName });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Environment.MachineName });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = options.Value.Backend.ToString() });
                command.Parameters.Add(new NpgsqlParameter { Value = models.LoadedModelNames.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
                command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = first });
                await command.ExecuteNonQueryAsync(stoppingToken);
                first = false;
            }
            catch (Exception ex) when (DatabaseRetry.IsTransient(ex))
            {
                logger.LogWarning("Worker heartbeat not stored: {Message}", ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
