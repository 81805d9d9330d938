namespace Platform.Web.Components.Charts;

/// <summary>One cell of an accuracy heatmap. A null <paramref name="Value"/> means "no data", which is drawn differently from 0%.</summary>
/// <param name="Row">Row key, e.g. the thinking style.</param>
/// <param name="Column">Column key, e.g. the task type or suite.</param>
/// <param name="Value">Accuracy between 0 and 1, or null when nothing was measured.</param>
/// <param name="Detail">Optional extra text for the tooltip and data table, e.g. "n = 120".</param>
public sealed record HeatmapCell(string Row, string Column, double? Value, string? Detail = null);

/// <summary>A measured point, optionally with its 95% interval (<paramref name="Low"/>..<paramref name="High"/>).</summary>
public sealed record ChartPoint(double X, double Y, double? Low = null, double? High = null)
{
    public bool HasInterval => Low is not null && High is not null;
}

/// <summary>One line of a line chart, e.g. one thinking style across difficulty levels.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);

/// <summary>One entry of the accuracy-versus-cost scatter: a style (or model) with its mean output tokens and accuracy.</summary>
public sealed record ScatterPoint(string Name, double MeanTokens, double Accuracy, double? Low = null, double? High = null);
