using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;

namespace Platform.Web.Leaderboard;

/// <summary>
/// One cell of the board: the latest successful run of a model on a suite with a style, summarised over all
/// of its items. <see cref="RunId"/> leads to the run and its item results, so every number can be audited.
/// <see cref="RandomWeights"/>: the model's GGUF declares random weights, so its scores are near zero by design.
/// </summary>
public sealed record LeaderboardRow(
    long RunId,
    long ModelId,
    string ModelName,
    string? Family,
    long? ParameterCount,
    string? Quantization,
    long SuiteId,
    string SuiteName,
    string SuiteVersion,
    string TaskType,
    long StyleId,
    string StyleName,
    string StyleLabel,
    ScoringMode Mode,
    int ItemCount,
    int CorrectCount,
    int NoAnswerCount,
    double Accuracy,
    double WilsonLow,
    double WilsonHigh,
    double NoAnswerRate,
    double MeanOutputTokens,
    double? TokensPerCorrect,
    double MeanLatencyMs,
    double? TokensPerSecond,
    DateTimeOffset? FinishedAt,
    bool RandomWeights = false);

public sealed record LeaderboardPage(IReadOnlyList<LeaderboardRow> Rows, int Total, int Page, int PageSize);

/// <summary>The distinct values the filters can take, from the rows that are on the board.</summary>
public sealed record LeaderboardFacets(
    IReadOnlyList<string> Suites,
    IReadOnlyList<string> TaskTypes,
    IReadOnlyList<string> Styles,
    IReadOnlyList<string> Families,
    IReadOnlyList<string> Quantizations);

/// <summary>
/// Computes the leaderboard from stored aggregates. Shared by the Blazor page and <c>GET /api/leaderboard</c>,
/// so both always show the same numbers for the same filter.
/// </summary>
public sealed class LeaderboardQuery(IDbContextFactory<ThoughtboardDbContext> dbFactory)
{
    public async Task<LeaderboardPage> RunAsync(LeaderboardFilter filter, CancellationToken cancellationToken = default)
    {
        var page = Paging.Clamp(filter.Page);
        var pageSize = Math.Clamp(filter.PageSize, 1, LeaderboardFilter.MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var query = Filtered(db, filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await Sorted(query, filter.Sort)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(a => new
            {
                a.RunId,
                a.Run.ModelId,
                ModelName = a.Run.Model.Name,
                a.Run.Model.Family,
                a.Run.Model.ParameterCount,
                a.Run.Model.Quantization,
                a.Run.Model.RandomWeights,
                a.Run.SuiteId,
                SuiteName = a.Run.Suite.Name,
                SuiteVersion = a.Run.Suite.Version,
                a.Run.Suite.TaskType,
                a.Run.StyleId,
                StyleName = a.Run.Style.Name,
                a.Run.StyleLabel,
                a.Mode,
                a.ItemCount,
                a.CorrectCount,
                a.NoAnswerCount,
                a.Accuracy,
                a.WilsonLow,
                a.WilsonHigh,
                a.NoAnswerRate,
                a.MeanOutputTokens,
                a.TokensPerCorrect,
                a.MeanLatencyMs,
                a.Run.TokensPerSecond,
                a.Run.FinishedAt,
            })
            .ToListAsync(cancellationToken);

        return new LeaderboardPage(
            rows.Select(r => new LeaderboardRow(
                r.RunId, r.ModelId, r.ModelName, r.Family, r.ParameterCount, r.Quantization,
                r.SuiteId, r.SuiteName, r.SuiteVersion, r.TaskType,
                r.StyleId, r.StyleName, r.StyleLabel, r.Mode,
                r.ItemCount, r.CorrectCount, r.NoAnswerCount, r.Accuracy, r.WilsonLow, r.WilsonHigh, r.NoAnswerRate,
                r.MeanOutputTokens, r.TokensPerCorrect, r.MeanLatencyMs, r.TokensPerSecond, r.FinishedAt, r.RandomWeights)).ToList(),
            total, page, pageSize);
    }

    public async Task<LeaderboardFacets> FacetsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runs = db.Runs.Where(r => r.State == RunState.Succeeded);
        return new LeaderboardFacets(
            await runs.Select(r => r.Suite.Name).Distinct().OrderBy(n => n).ToListAsync(cancellationToken),
            await runs.Select(r => r.Suite.TaskType).Distinct().OrderBy(n => n).ToListAsync(cancellationToken),
            await runs.Select(r => r.Style.Name).Distinct().OrderBy(n => n).ToListAsync(cancellationToken),
            await runs.Where(r => r.Model.Family != null).Select(r => r.Model.Family!).Distinct().OrderBy(n => n).ToListAsync(cancellationToken),
            await runs.Where(r => r.Model.Quantization != null).Select(r => r.Model.Quantization!).Distinct().OrderBy(n => n).ToListAsync(cancellationToken));
    }

    private static IQueryable<RunAggregate> Filtered(ThoughtboardDbContext db, LeaderboardFilter filter)
    {
        // One cell per (model, suite, style): the run that finished last wins, older repeats stay in the run history.
        var query = db.RunAggregates.Where(a =>
            a.Level == null &&
            a.Mode == filter.Mode &&
            a.Run.State == RunState.Succeeded &&
            !db.Runs.Any(newer =>
                newer.ModelId == a.Run.ModelId &&
                newer.SuiteId == a.Run.SuiteId &&
                newer.StyleId == a.Run.StyleId &&
                newer.State == RunState.Succeeded &&
                newer.Aggregates.Any(n => n.Level == null && n.Mode == filter.Mode) &&
                (newer.FinishedAt > a.Run.FinishedAt || (newer.FinishedAt == a.Run.FinishedAt && newer.Id > a.RunId))));

        if (Present(filter.Suite) is { } suite)
        {
            query = query.Where(a => a.Run.Suite.Name.ToLower() == suite);
        }
        if (Present(filter.TaskType) is { } taskType)
        {
            query = query.Where(a => a.Run.Suite.TaskType.ToLower() == taskType);
        }
        if (Present(filter.Style) is { } style)
        {
            var voted = style + "+sc";
            query = query.Where(a => a.Run.StyleLabel.ToLower() == style || a.Run.StyleLabel.ToLower().StartsWith(voted));
        }
        if (Present(filter.Family) is { } family)
        {
            query = query.Where(a => a.Run.Model.Family != null && a.Run.Model.Family.ToLower() == family);
        }
        if (Present(filter.Quantization) is { } quantization)
        {
            query = query.Where(a => a.Run.Model.Quantization != null && a.Run.Model.Quantization.ToLower() == quantization);
        }
        if (filter.Size is { } size)
        {
            query = query.Where(a => a.Run.Model.ParameterCount != null);
            if (size.MinBillions is { } min)
            {
                var minCount = (long)Math.Ceiling(min * 1e9);
                query = query.Where(a => a.Run.Model.ParameterCount >= minCount);
            }
            if (size.MaxBillions is { } max)
            {
                var maxCount = (long)Math.Floor(max * 1e9);
                query = query.Where(a => a.Run.Model.ParameterCount <= maxCount);
            }
        }
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = "%" + EscapeLike(filter.Search.Trim()) + "%";
            query = query.Where(a =>
                EF.Functions.ILike(a.Run.Model.Name, pattern, "\\") ||
                (a.Run.Model.Family != null && EF.Functions.ILike(a.Run.Model.Family, pattern, "\\")) ||
                EF.Functions.ILike(a.Run.Suite.Name, pattern, "\\") ||
                EF.Functions.ILike(a.Run.Style.Name, pattern, "\\"));
        }
        return query;
    }

    private static IQueryable<RunAggregate> Sorted(IQueryable<RunAggregate> query, LeaderboardSort sort)
    {
        var ordered = sort switch
        {
            LeaderboardSort.WilsonLow => query.OrderByDescending(a => a.WilsonLow).ThenByDescending(a => a.Accuracy),
            LeaderboardSort.TokensPerCorrect => query.OrderBy(a => a.TokensPerCorrect == null).ThenBy(a => a.TokensPerCorrect),
            LeaderboardSort.NoAnswerRate => query.OrderBy(a => a.NoAnswerRate).ThenByDescending(a => a.Accuracy),
            LeaderboardSort.Latency => query.OrderBy(a => a.MeanLatencyMs),
            LeaderboardSort.Throughput => query.OrderBy(a => a.Run.TokensPerSecond == null).ThenByDescending(a => a.Run.TokensPerSecond),
            LeaderboardSort.Model => query.OrderBy(a => a.Run.Model.Name),
            LeaderboardSort.Recent => query.OrderByDescending(a => a.Run.FinishedAt),
            _ => query.OrderByDescending(a => a.Accuracy).ThenByDescending(a => a.WilsonLow),
        };
        return ordered.ThenBy(a => a.Run.Model.Name).ThenBy(a => a.Run.Suite.Name).ThenBy(a => a.Run.Style.Name).ThenBy(a => a.RunId);
    }

    private static string? Present(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToLowerInvariant();

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
