using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Evaluation.Metrics;
using EvaluationVerdict = Platform.Evaluation.Scoring.Verdict;

namespace Platform.Worker.Jobs;

/// <summary>Recomputes a run's summary rows (overall and per level, strict and flexible) from its stored results.</summary>
public static class RunAggregates
{
    public static async Task<IReadOnlyList<RunAggregate>> ComputeAsync(ThoughtboardDbContext db, long runId, CancellationToken cancellationToken)
    {
        var rows = await db.ItemResults.AsNoTracking()
            .Where(r => r.RunId == runId && r.SampleIndex == 0)
            .Select(r => new { r.Item.Key, r.Item.Level, r.VerdictStrict, r.VerdictFlexible, r.TokensOut, r.LatencyMs, Failed = r.Error != null })
            .ToListAsync(cancellationToken);
        var outcomes = rows.Select(r => new ItemOutcome(
            r.Key, r.Level, ToEvaluation(r.VerdictStrict), ToEvaluation(r.VerdictFlexible), r.TokensOut,
            TimeSpan.FromMilliseconds(r.LatencyMs), r.Failed)).ToList();

        var now = DateTimeOffset.UtcNow;
        var aggregates = new List<RunAggregate>();
        foreach (var (mode, stored) in new[] { (VerdictMode.Strict, ScoringMode.Strict), (VerdictMode.Flexible, ScoringMode.Flexible) })
        {
            aggregates.Add(ToRow(runId, stored, null, RunMetrics.Summarize(outcomes, mode), now));
            aggregates.AddRange(RunMetrics.ByLevel(outcomes, mode).Select(level => ToRow(runId, stored, level.Level, level.Summary, now)));
        }
        return aggregates;
    }

    /// <summary>Replaces the run's aggregates in one transaction, so readers see either the old set or the new one.</summary>
    public static async Task StoreAsync(ThoughtboardDbContext db, long runId, IReadOnlyList<RunAggregate> aggregates, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.RunAggregates.Where(a => a.RunId == runId).ExecuteDeleteAsync(cancellationToken);
        db.RunAggregates.AddRange(aggregates);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static RunAggregate ToRow(long runId, ScoringMode mode, int? level, Summary summary, DateTimeOffset now)
    {
        var wilson = summary.Accuracy.Wilson95;
        return new RunAggregate
        {
            RunId = runId,
            Mode = mode,
            Level = level,
            ItemCount = summary.Scored,
            CorrectCount = summary.Accuracy.Successes,
            NoAnswerCount = summary.NoAnswer.Successes,
            Accuracy = summary.Accuracy.Value,
            WilsonLow = wilson.Lower,
            WilsonHigh = wilson.Upper,
            NoAnswerRate = summary.NoAnswer.Value,
            MeanOutputTokens = summary.MeanOutputTokens,
            TokensPerCorrect = summary.TokensPerCorrect,
            MeanLatencyMs = summary.MeanLatency.TotalMilliseconds,
            ComputedAt = now,
        };
    }

    private static EvaluationVerdict ToEvaluation(Verdict verdict) => verdict switch
    {
        Verdict.Correct => EvaluationVerdict.Correct,
        Verdict.Incorrect => EvaluationVerdict.Incorrect,
        _ => EvaluationVerdict.NoAnswer,
    };
}
