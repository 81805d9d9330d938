namespace Platform.Web.Components.Charts;

public enum MarkerShape
{
    Circle,
    Square,
    Triangle,
    Diamond,
}

/// <summary>SVG path data for point markers, all centred on the point and of similar visual weight.</summary>
public static class MarkerPath
{
    public static string For(MarkerShape shape, double centerX, double centerY, double radius)
    {
        var (x, y, r) = (centerX, centerY, radius);
        return shape switch
        {
            MarkerShape.Circle =>
                $"M{S(x - r)},{S(y)}a{S(r)},{S(r)} 0 1,0 {S(2 * r)},0a{S(r)},{S(r)} 0 1,0 {S(-2 * r)},0Z",
            MarkerShape.Square =>
                $"M{S(x - r * 0.9)},{S(y - r * 0.9)}h{S(r * 1.8)}v{S(r * 1.8)}h{S(-r * 1.8)}Z",
            MarkerShape.Triangle =>
                $"M{S(x)},{S(y - r * 1.15)}L{S(x + r * 1.1)},{S(y + r * 0.85)}L{S(x - r * 1.1)},{S(y + r * 0.85)}Z",
            MarkerShape.Diamond =>
                $"M{S(x)},{S(y - r * 1.25)}L{S(x + r * 1.1)},{S(y)}L{S(x)},{S(y + r * 1.25)}L{S(x - r * 1.1)},{S(y)}Z",
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown marker shape."),
        };
    }

    private static string S(double value) => ChartFormat.Svg(value);
}
