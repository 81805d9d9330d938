namespace Platform.Web.Components.Charts;

/// <summary>A heatmap cell with its rectangle and the text drawn in it. <see cref="Value"/> null means no data.</summary>
public sealed record PlacedHeatmapCell(
    string Row, string Column, double? Value, string? Detail,
    double X, double Y, double Width, double Height,
    string Fill, string TextColor, string Text, string Tooltip)
{
    public bool IsMissing => Value is null;
}

public sealed record PlacedLabel(string Text, double X, double Y);

/// <summary>
/// Geometry of an accuracy heatmap: every row x column pair gets a cell, including pairs with no data, so a gap
/// in the evaluation grid shows as a marked empty cell rather than disappearing or reading as 0%.
/// </summary>
public sealed class HeatmapLayout
{
    public const double CellWidth = 68;
    public const double CellHeight = 36;
    public const double LegendBarWidth = 200;
    public const double LegendBarHeight = 12;
    private const double ColumnLabelAngleDegrees = 40;
    public const string MissingText = "n/a";
    private const double ColumnHeaderBand = 18;

    /// <summary>Baseline of the column header ("Task type"), between the title and the column labels.</summary>
    public static double ColumnHeaderY => ChartMetrics.TitleBandHeight + 10;

    private HeatmapLayout() { }

    public required IReadOnlyList<string> Rows { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }
    public required IReadOnlyList<PlacedHeatmapCell> Cells { get; init; }
    public required IReadOnlyList<PlacedLabel> RowLabels { get; init; }
    public required IReadOnlyList<PlacedLabel> ColumnLabels { get; init; }
    public required bool RotateColumnLabels { get; init; }
    public required double ColumnLabelAngle { get; init; }
    public required PlotArea Grid { get; init; }
    public required double LegendX { get; init; }
    public required double LegendY { get; init; }
    public required double Width { get; init; }
    public required double Height { get; init; }

    /// <summary>
    /// Places the cells. Rows and columns follow <paramref name="rowOrder"/>/<paramref name="columnOrder"/> when
    /// given; keys in the data but missing from the order are appended in order of first appearance, so no
    /// measured value is ever dropped.
    /// </summary>
    public static HeatmapLayout Create(
        IReadOnlyList<HeatmapCell> cells, IReadOnlyList<string>? rowOrder = null, IReadOnlyList<string>? columnOrder = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var byKey = new Dictionary<(string Row, string Column), HeatmapCell>();
        foreach (var cell in cells)
        {
            ChartMetrics.RequireLabel(cell.Row, $"A heatmap cell in column '{cell.Column}'");
            ChartMetrics.RequireLabel(cell.Column, $"A heatmap cell in row '{cell.Row}'");
            if (cell.Value is { } value)
                ChartMetrics.RequireAccuracy(value, $"Heatmap cell ({cell.Row}, {cell.Column})");
            if (!byKey.TryAdd((cell.Row, cell.Column), cell))
                throw new ArgumentException(
                    $"Heatmap cell ({cell.Row}, {cell.Column}) appears twice; aggregate the values before charting them.");
        }

        var rows = Order(rowOrder, cells.Select(cell => cell.Row));
        var columns = Order(columnOrder, cells.Select(cell => cell.Column));

        var font = ChartMetrics.FontSize;
        var widestRow = rows.Select(row => ChartFormat.EstimateTextWidth(row, font)).DefaultIfEmpty(0).Max();
        var widestColumn = columns.Select(column => ChartFormat.EstimateTextWidth(column, font)).DefaultIfEmpty(0).Max();
        var rotate = widestColumn > CellWidth - 6;
        var angle = ColumnLabelAngleDegrees * Math.PI / 180;
        var columnBand = rotate ? widestColumn * Math.Sin(angle) + font + 8 : font + 12;

        var left = Math.Max(widestRow + 16, 48);
        var top = ChartMetrics.TitleBandHeight + ColumnHeaderBand + columnBand;
        var grid = new PlotArea(left, top, columns.Count * CellWidth, rows.Count * CellHeight);

        var placed = new List<PlacedHeatmapCell>(rows.Count * columns.Count);
        for (var rowIndex = 0; rowIndex < rows.Count; rowIndex++)
        {
            for (var columnIndex = 0; columnIndex < columns.Count; columnIndex++)
            {
                var (row, column) = (rows[rowIndex], columns[columnIndex]);
                byKey.TryGetValue((row, column), out var source);
                var value = source?.Value;
                var text = value is { } v ? ChartFormat.Percent(v) : MissingText;
                var tooltip = value is { } measured
                    ? $"{row}, {column}: {ChartFormat.Percent(measured)}"
                    : $"{row}, {column}: no data";
                if (source?.Detail is { Length: > 0 } detail)
                    tooltip += $" ({detail})";
                placed.Add(new PlacedHeatmapCell(
                    row, column, value, source?.Detail,
                    grid.Left + columnIndex * CellWidth, grid.Top + rowIndex * CellHeight, CellWidth, CellHeight,
                    value is { } fillValue ? SequentialColorScale.ColorFor(fillValue) : "#F2F2F2",
                    value is { } textValue ? SequentialColorScale.TextColorFor(textValue) : "#595959",
                    text, tooltip));
            }
        }

        var rowLabels = rows
            .Select((row, index) => new PlacedLabel(row, grid.Left - 8, grid.Top + (index + 0.5) * CellHeight))
            .ToList();
        var columnLabels = columns
            .Select((column, index) => new PlacedLabel(column, grid.Left + (index + 0.5) * CellWidth, grid.Top - 8))
            .ToList();

        // Rotated labels lean right, so the last one can run past the grid edge; reserve that overhang.
        var overhang = rotate ? Math.Max(0, widestColumn * Math.Cos(angle) - CellWidth / 2) : 0;
        var legendY = grid.Bottom + 30;
        var width = Math.Max(grid.Right + overhang + 16, left + LegendBarWidth + 160);
        return new HeatmapLayout
        {
            Rows = rows,
            Columns = columns,
            Cells = placed,
            RowLabels = rowLabels,
            ColumnLabels = columnLabels,
            RotateColumnLabels = rotate,
            ColumnLabelAngle = rotate ? -ColumnLabelAngleDegrees : 0,
            Grid = grid,
            LegendX = left,
            LegendY = legendY,
            Width = Math.Ceiling(width),
            Height = Math.Ceiling(legendY + LegendBarHeight + 30),
        };
    }

    /// <summary>Ticks under the legend gradient bar.</summary>
    public static IReadOnlyList<double> LegendTicks { get; } = [0, 0.25, 0.5, 0.75, 1];

    private static List<string> Order(IReadOnlyList<string>? preferred, IEnumerable<string> seen)
    {
        var order = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in (preferred ?? []).Concat(seen))
        {
            if (known.Add(key))
                order.Add(key);
        }
        return order;
    }
}
