using System.Data;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Platform.Data.Entities;
using Platform.Evaluation.Running;
using Platform.Evaluation.Solving;
using EvaluatedItem = Platform.Evaluation.Running.ItemResult;

namespace Platform.Worker.Jobs;

/// <summary>Progress of a run as stored after a write: counts come from the results table, so they are exact after any retry.</summary>
public sealed record StoredProgress(RunState State, int ItemsDone, int ItemErrors, long TokensIn, long TokensOut);

/// <summary>
/// Writes a batch of scored items in one round trip. Rows are keyed by (run, item, sample) and inserted with
/// ON CONFLICT DO NOTHING, so a batch written twice (a retry after a lost connection, a job fetched again after
/// its worker died) never duplicates a result. The run's counters are recomputed from the table in the same
/// transaction.
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
            "HeartbeatAt" = $2, "WallTimeSeconds" = $3, "TokensPerSecond" = $4, "EstimatedFinishAt" = $5
        FROM (SELECT count(*)::int AS done, count("Error")::int AS errors,
                     coalesce(sum("TokensIn"), 0)::bigint AS tokens_in, coalesce(sum("TokensOut"), 0)::bigint AS tokens_out
              FROM "ItemResults" WHERE "RunId" = $1 AND "SampleIndex" = 0) AS s
        WHERE r."Id" = $1
        RETURNING r."State", r."ItemsDone", r."ItemErrors", r."TokensIn", r."TokensOut"
        """;

    /// <summary>Throughput figures of the current execution, stored with the counters.</summary>
    public sealed record Throughput(double WallTimeSeconds, double? TokensPerSecond, DateTimeOffset? EstimatedFinishAt);

    public static async Task<StoredProgress> WriteAsync(
        NpgsqlDataSource dataSource, long runId, IReadOnlyList<EvaluatedItem> results, IReadOnlyDictionary<string, long> itemIds,
        Throughput throughput, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        if (results.Count > 0)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            var now = DateTimeOffset.UtcNow;
            foreach (var result in results)
                batch.BatchCommands.Add(InsertCommand(runId, result, itemIds[result.Item.Id], now));
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        StoredProgress progress;
        await using (var update = new NpgsqlCommand(ProgressSql, connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
            update.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
            update.Parameters.Add(new NpgsqlParameter<double> { TypedValue = throughput.WallTimeSeconds });
            update.Parameters.Add(new NpgsqlParameter { Value = (object?)throughput.TokensPerSecond ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
            update.Parameters.Add(new NpgsqlParameter { Value = (object?)throughput.EstimatedFinishAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await using var reader = await update.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                throw new InvalidOperationException($"Run {runId} no longer exists; it was deleted while it ran.");
            progress = new StoredProgress(Enum.Parse<RunState>(reader.GetString(0)), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetInt64(4));
        }
        await transaction.CommitAsync(cancellationToken);
        return progress;
    }

    private static NpgsqlBatchCommand InsertCommand(long runId, EvaluatedItem result, long itemId, DateTimeOffset now)
    {
        var score = result.Score;
        var command = new NpgsqlBatchCommand(InsertSql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<long> { TypedValue = runId });
        p.Add(new NpgsqlParameter<long> { TypedValue = itemId });
        p.Add(new NpgsqlParameter<string> { TypedValue = score?.RawOutput ?? result.State?.Output ?? "" });
        p.Add(Text(score?.StrictExtraction.Answer));
        p.Add(Text(score?.FlexibleExtraction.Answer));
        p.Add(new NpgsqlParameter<string> { TypedValue = ToVerdict(score?.Strict).ToString() });
        p.Add(new NpgsqlParameter<string> { TypedValue = ToVerdict(score?.Flexible).ToString() });
        p.Add(Text(score?.FlexibleExtraction.Method.ToString()));
        p.Add(new NpgsqlParameter<bool> { TypedValue = score?.Truncated ?? false });
        p.Add(Text(result.Error is { } error ? $"{error.Type}: {error.Message}" : null));
        p.Add(new NpgsqlParameter<int> { TypedValue = result.PromptTokens });
        p.Add(new NpgsqlParameter<int> { TypedValue = result.OutputTokens });
        p.Add(new NpgsqlParameter<double> { TypedValue = result.Latency.TotalMilliseconds });
        p.Add(new NpgsqlParameter { Value = TranscriptJson(result.State), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new NpgsqlParameter<string> { TypedValue = score is null ? "unscored" : $"{score.ExtractorVersion}/{score.CheckerVersion}" });
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        return command;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static Verdict ToVerdict(global::Platform.Evaluation.Scoring.Verdict? verdict) => verdict switch
    {
        global::Platform.Evaluation.Scoring.Verdict.Correct => Verdict.Correct,
        global::Platform.Evaluation.Scoring.Verdict.Incorrect => Verdict.Incorrect,
        _ => Verdict.NoAnswer,
    };

    private static string TranscriptJson(TaskState? state) =>
        state is null ? "[]" : JsonSerializer.Serialize(state.Transcript, EvaluationJson.Default.IReadOnlyListExchange);
}
