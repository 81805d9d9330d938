using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Data;

namespace Platform.Web.Health;

public static class HealthTags
{
    public const string Ready = "ready";
}

/// <summary>Ready means PostgreSQL answers and the schema is current: no pending migration.</summary>
internal sealed class DatabaseReadyHealthCheck(IDbContextFactory<ThoughtboardDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("PostgreSQL cannot be reached; check ConnectionStrings__Thoughtboard and that the server runs.");
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("PostgreSQL is reachable and every migration is applied.")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending ({string.Join(", ", pending)}); run ./thoughtboard migrate.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL check failed: {ex.Message}");
        }
    }
}
