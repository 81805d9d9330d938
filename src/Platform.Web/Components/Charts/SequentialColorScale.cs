namespace Platform.Web.Components.Charts;

/// <summary>
/// Colours for accuracy values 0..1 along the viridis ramp (dark purple for 0, yellow for 1). Viridis stays
/// ordered in lightness for the common colour-vision deficiencies and in greyscale print.
/// </summary>
public static class SequentialColorScale
{
    private static readonly (byte R, byte G, byte B)[] Stops =
    [
        (0x44, 0x01, 0x54), (0x47, 0x2C, 0x7A), (0x3B, 0x51, 0x8B), (0x2C, 0x71, 0x8E), (0x21, 0x90, 0x8D),
        (0x27, 0xAD, 0x81), (0x5C, 0xC8, 0x63), (0xAA, 0xDC, 0x32), (0xFD, 0xE7, 0x25),
    ];

    /// <summary>Colour stops (offset 0..1, hex colour) for drawing the legend gradient.</summary>
    public static IReadOnlyList<(double Offset, string Color)> GradientStops { get; } =
        Stops.Select((stop, index) => ((double)index / (Stops.Length - 1), Hex(stop))).ToList();

    /// <summary>The fill for an accuracy; values outside 0..1 are an input error, not something to clamp silently.</summary>
    public static string ColorFor(double value) => Hex(Interpolate(value));

    /// <summary>Black or white, whichever contrasts more with the cell fill, so the printed value stays legible.</summary>
    public static string TextColorFor(double value)
    {
        var (r, g, b) = Interpolate(value);
        var luminance = 0.2126 * Linear(r) + 0.7152 * Linear(g) + 0.0722 * Linear(b);
        var contrastWithBlack = (luminance + 0.05) / 0.05;
        var contrastWithWhite = 1.05 / (luminance + 0.05);
        return contrastWithBlack >= contrastWithWhite ? "#000000" : "#FFFFFF";
    }

    private static (byte R, byte G, byte B) Interpolate(double value)
    {
        if (!double.IsFinite(value) || value < 0 || value > 1)
            throw new ArgumentOutOfRangeException(nameof(value), value,
                "Accuracy colours are defined for 0..1 only; convert percentages to fractions first.");
        var position = value * (Stops.Length - 1);
        var lower = Math.Min((int)Math.Floor(position), Stops.Length - 2);
        var weight = position - lower;
        var (from, to) = (Stops[lower], Stops[lower + 1]);
        return (Mix(from.R, to.R, weight), Mix(from.G, to.G, weight), Mix(from.B, to.B, weight));
    }

    private static byte Mix(byte from, byte to, double weight) =>
        (byte)Math.Round(from + (to - from) * weight, MidpointRounding.AwayFromZero);

    private static double Linear(byte channel)
    {
        var srgb = channel / 255.0;
        return srgb <= 0.04045 ? srgb / 12.92 : Math.Pow((srgb + 0.055) / 1.055, 2.4);
    }

    private static string Hex((byte R, byte G, byte B) color) => $"#{color.R:X2}{color.G:X2}{color.B:X2}";
}
