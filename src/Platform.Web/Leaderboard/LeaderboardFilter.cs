using System.Globalization;
using Platform.Data.Entities;

namespace Platform.Web.Leaderboard;

/// <summary>How the board is ordered. Every order breaks ties by model, suite and style name so pages are stable.</summary>
public enum LeaderboardSort
{
    /// <summary>Highest accuracy first.</summary>
    Accuracy,
    /// <summary>Highest lower bound of the 95% Wilson interval first: rewards accuracy measured on many items.</summary>
    WilsonLow,
    /// <summary>Fewest output tokens per correct answer first; rows without a correct answer last.</summary>
    TokensPerCorrect,
    /// <summary>Lowest no-answer rate (format failures) first.</summary>
    NoAnswerRate,
    /// <summary>Fastest mean latency per item first.</summary>
    Latency,
    /// <summary>Highest output tokens per second first.</summary>
    Throughput,
    /// <summary>Alphabetical by model name.</summary>
    Model,
    /// <summary>Most recently finished run first.</summary>
    Recent,
}

/// <summary>
/// A closed range of parameter counts in billions, written <c>1-8</c>, <c>8-</c> (at least 8) or <c>-1</c>
/// (at most 1). Models whose parameter count is unknown never match a size filter.
/// </summary>
public sealed record ParameterRange(double? MinBillions, double? MaxBillions)
{
    public static bool TryParse(string? text, out ParameterRange? range, out string? error)
    {
        range = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var trimmed = text.Trim().TrimEnd('b', 'B');
        var dash = trimmed.IndexOf('-');
        var (low, high) = dash < 0 ? (trimmed, trimmed) : (trimmed[..dash], trimmed[(dash + 1)..]);
        double? min = null, max = null;
        if (low.Length > 0)
        {
            if (!double.TryParse(low, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                error = $"size '{text}' is not a range of parameter counts in billions; write e.g. 1-8, 8- or -1.";
                return false;
            }
            min = value;
        }
        if (high.Length > 0)
        {
            if (!double.TryParse(high, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                error = $"size '{text}' is not a range of parameter counts in billions; write e.g. 1-8, 8- or -1.";
                return false;
            }
            max = value;
        }
        if (min is null && max is null)
        {
            error = $"size '{text}' names neither a lower nor an upper bound; write e.g. 1-8, 8- or -1.";
            return false;
        }
        if (min > max)
        {
            error = $"size '{text}' has its lower bound above its upper bound.";
            return false;
        }
        range = new ParameterRange(min, max);
        return true;
    }

    public override string ToString() =>
        $"{MinBillions?.ToString(CultureInfo.InvariantCulture)}-{MaxBillions?.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// What the board shows. Text filters match whole names, ignoring case; <see cref="Search"/> matches any part
/// of the model, family, suite or style name.
/// </summary>
public sealed record LeaderboardFilter
{
    public string? Suite { get; init; }
    public string? TaskType { get; init; }
    /// <summary>A style's factory name, e.g. "cot"; self-consistency variants of it match too.</summary>
    public string? Style { get; init; }
    public string? Family { get; init; }
    public ParameterRange? Size { get; init; }
    public string? Quantization { get; init; }
    public string? Search { get; init; }
    public LeaderboardSort Sort { get; init; } = LeaderboardSort.Accuracy;
    /// <summary>Strict counts only answers in the requested format; flexible also counts fallback extractions.</summary>
    public ScoringMode Mode { get; init; } = ScoringMode.Strict;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    /// <summary>
    /// The board's query parameters, read one way for the page and <c>GET /api/leaderboard</c>. Each value that cannot
    /// be used is named in <paramref name="problems"/> (parameter name to message, the shape of a validation problem)
    /// and left at its default in the filter returned: the API refuses such a request, the page says what it ignored.
    /// </summary>
    public static LeaderboardFilter Parse(LeaderboardParameters given, out Dictionary<string, string[]> problems)
    {
        problems = [];
        if (!ParameterRange.TryParse(given.Size, out var size, out var sizeError))
            problems["size"] = [sizeError!];
        var sort = LeaderboardSort.Accuracy;
        if (!string.IsNullOrEmpty(given.Sort) && !(Enum.TryParse(given.Sort, ignoreCase: true, out sort) && Enum.IsDefined(sort)))
        {
            problems["sort"] = [$"'{given.Sort}' is not a sort order; use one of {string.Join(", ", Enum.GetNames<LeaderboardSort>().Select(Camel))}."];
            sort = LeaderboardSort.Accuracy;
        }
        var mode = ScoringModes.Parse(given.Mode, out var modeProblem);
        if (modeProblem is not null)
            problems["mode"] = [modeProblem];
        var page = given.Page ?? 1;
        if (Paging.Problem(page) is { } pageError)
        {
            problems["page"] = [pageError];
            page = Paging.Clamp(page);
        }
        var pageSize = given.PageSize ?? DefaultPageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            problems["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
            pageSize = DefaultPageSize;
        }
        return new LeaderboardFilter
        {
            Suite = given.Suite, TaskType = given.TaskType, Style = given.Style, Family = given.Family, Size = size,
            Quantization = given.Quantization, Search = given.Search, Sort = sort, Mode = mode, Page = page, PageSize = pageSize,
        };
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>The board's query parameters as given (query string names: suite, taskType, style, family, size, quantization, q, sort, mode, page, pageSize).</summary>
public sealed record LeaderboardParameters(
    string? Suite = null, string? TaskType = null, string? Style = null, string? Family = null, string? Size = null,
    string? Quantization = null, string? Search = null, string? Sort = null, string? Mode = null, int? Page = null, int? PageSize = null);
