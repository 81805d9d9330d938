using System.Data;
using Npgsql;
using NpgsqlTypes;
using Platform.Data.Entities;
using Platform.Worker.Evaluation;
using Platform.Evaluation.Running;

namespace Platform.Worker.Jobs;

/// <summary>Progress of a run as stored after a write: counts come from the results table, so they are exact after any retry.</summary>
public sealed record StoredProgress(RunState State, int ItemsDone, int ItemErrors, long TokensIn, long TokensOut);

/// <summary>
/// Writes a batch of scored items in one round trip. Rows are keyed by (run, item, sample) and inserted with
/// ON CONFLICT DO NOTHING, so a batch written twice (a retry after a lost connection, a job fetched again after
/// its worker died) never duplicates a result. The run's counters are recomputed from the table in the same
/// transaction. The run's chat template path and count of items that fell back grow only by the rows this batch
/// actually inserted, so a batch written twice does not count twice either.
/// </summary>
public static class ResultWriter
{
    private const string InsertSql = """
        INSERT INTO "ItemResults" ("RunId", "ItemId", "SampleIndex", "RawOutput", "ExtractedAnswerStrict", "ExtractedAnswerFlexible",
            "VerdictStrict", "VerdictFlexible", "ExtractionMethod", "Truncated", "Error", "TokensIn", "TokensOut", "LatencyMs",
            "TranscriptJson", "ScorerVersion", "CreatedAt")
        VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
        ON CONFLICT ("RunId", "ItemId", "SampleIndex") DO NOTHING
        """;

    private const string ProgressSql = """
        UPDATE "Runs" AS r SET
            "ItemsDone" = s.done, "ItemErrors" = s.errors, "TokensIn" = s.tokens_in, "TokensOut" = s.tokens_out,
            "HeartbeatAt" = $2, "WallTimeSeconds" = $3, "TokensPerSecond" = $4, "EstimatedFinishAt" = $5,
            "ChatTemplateFallbackItems" = r."ChatTemplateFallbackItems" + $6,
            "ChatTemplatePath" = CASE WHEN 'Fallback' IN (r."ChatTemplatePath", $7) THEN 'Fallback'
                                      WHEN 'Builtin' IN (r."ChatTemplatePath", $7) THEN 'Builtin'
                                      ELSE coalesce($7, r."ChatTemplatePath") END
        FROM (SELECT count(*)::int AS done, count("Error")::int AS errors,
                     coalesce(sum("TokensIn"), 0)::bigint AS tokens_in, coalesce(sum("TokensOut"), 0)::bigint AS tokens_out
              FROM "ItemResults" WHERE "RunId" = $1 AND "SampleIndex" = 0) AS s
        WHERE r."Id" = $1
        RETURNING r."State", r."ItemsDone", r."ItemErrors", r."TokensIn", r."TokensOut"
        """;

    /// <summary>Throughput figures of the current execution, stored with the counters; <paramref name="At"/> is the write's time (the heartbeat).</summary>
    public sealed record Throughput(double WallTimeSeconds, double? TokensPerSecond, DateTimeOffset? EstimatedFinishAt, DateTimeOffset At);

    public static async Task<StoredProgress> WriteAsync(
        NpgsqlDataSource dataSource, long runId, IReadOnlyList<ItemRecord> results, IReadOnlyDictionary<string, long> itemIds,
        Throughput throughput, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        int fallbackItems = 0;
        ChatTemplatePath? worstPath = null;
        if (results.Count > 0)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            var now = throughput.At;
            foreach (var result in results)
                batch.BatchCommands.Add(InsertCommand(runId, result, itemIds[result.ItemId], now));
            await batch.ExecuteNonQueryAsync(cancellationToken);
            for (int i = 0; i < results.Count; i++)
            {
                if (batch.BatchCommands[i].RecordsAffected != 1 || results[i].ChatTemplatePath is not { } path)
                    continue;
                if (path != ChatTemplatePath.Jinja)
                    fallbackItems++;
                if (worstPath is null || path > worstPath)
                    worstPath = path;
            }
        }
        StoredProgress progress;
        await using (var update = new NpgsqlCommand(ProgressSql, connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
            update.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = throughput.At });
            update.Parameters.Add(new NpgsqlParameter<double> { TypedValue = throughput.WallTimeSeconds });
            update.Parameters.Add(new NpgsqlParameter { Value = (object?)throughput.TokensPerSecond ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
            update.Parameters.Add(new NpgsqlParameter { Value = (object?)throughput.EstimatedFinishAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = fallbackItems });
            update.Parameters.Add(Text(worstPath?.ToString()));
            await using var reader = await update.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                throw new InvalidOperationException($"Run {runId} no longer exists; it was deleted while it ran.");
            progress = new StoredProgress(Enum.Parse<RunState>(reader.GetString(0)), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetInt64(4));
        }
        await transaction.CommitAsync(cancellationToken);
        return progress;
    }

    /// <summary>
    /// The row comes from <see cref="StoredResults"/>, the one mapping from a scored item to its stored result.
    /// </summary>
    private static NpgsqlBatchCommand InsertCommand(long runId, ItemRecord result, long itemId, DateTimeOffset now)
    {
        var row = StoredResults.ToItemResult(result, runId, itemId, now);
        var command = new NpgsqlBatchCommand(InsertSql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<long> { TypedValue = row.RunId });
        p.Add(new NpgsqlParameter<long> { TypedValue = row.ItemId });
        p.Add(new NpgsqlParameter<string> { TypedValue = row.RawOutput });
        p.Add(Text(row.ExtractedAnswerStrict));
        p.Add(Text(row.ExtractedAnswerFlexible));
        p.Add(new NpgsqlParameter<string> { TypedValue = row.VerdictStrict.ToString() });
        p.Add(new NpgsqlParameter<string> { TypedValue = row.VerdictFlexible.ToString() });
        p.Add(Text(row.ExtractionMethod));
        p.Add(new NpgsqlParameter<bool> { TypedValue = row.Truncated });
        p.Add(Text(row.Error));
        p.Add(new NpgsqlParameter<int> { TypedValue = row.TokensIn });
        p.Add(new NpgsqlParameter<int> { TypedValue = row.TokensOut });
        p.Add(new NpgsqlParameter<double> { TypedValue = row.LatencyMs });
        p.Add(new NpgsqlParameter { Value = row.TranscriptJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new NpgsqlParameter<string> { TypedValue = row.ScorerVersion });
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = row.CreatedAt });
        return command;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
