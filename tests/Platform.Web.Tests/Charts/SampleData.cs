using Platform.Web.Components.Charts;

namespace Platform.Web.Tests.Charts;

/// <summary>Small hand-made result sets shared by the chart rendering tests.</summary>
internal static class SampleData
{
    public static IReadOnlyList<HeatmapCell> Heatmap { get; } =
    [
        new("Direct", "Arithmetic", 0.42, "n = 200"),
        new("Direct", "Logic", 0.55),
        new("Direct", "Commonsense", 0.71),
        new("CoT", "Arithmetic", 0.724),
        new("CoT", "Logic", 0.63),
        new("CoT", "Commonsense", null),
        new("ToT", "Arithmetic", 0.81),
        // ToT x Logic and ToT x Commonsense are absent on purpose.
    ];

    public static IReadOnlyList<ChartSeries> Levels { get; } =
    [
        new("Direct", [new(1, 0.9, 0.85, 0.94), new(2, 0.7, 0.62, 0.77), new(3, 0.5), new(4, 0.31), new(5, 0.12)]),
        new("CoT", [new(1, 0.95), new(2, 0.88), new(3, 0.74), new(4, 0.6), new(5, 0.41, 0.33, 0.5)]),
        new("ToT", [new(3, 0.8), new(1, 0.96), new(2, 0.9)]),
    ];

    public static IReadOnlyList<ScatterPoint> Scatter { get; } =
    [
        new("Direct", 24, 0.41),
        new("Chain-of-Draft", 160, 0.68, 0.61, 0.74),
        new("CoT", 620, 0.74),
        new("Verbose CoT", 1400, 0.70),
        new("ToT", 4200, 0.79),
        new("Sketch", 300, 0.60),
    ];
}
