using Platform.Web.Components.Charts;

namespace Platform.Web.Tests.Charts;

public class LabelPlacementTests
{
    private static readonly PlotArea Plot = new(0, 0, 400, 300);

    [Fact]
    public void Lone_label_goes_right_of_its_point()
    {
        var position = LabelPlacement.Place([(100, 100, "CoT")], [(100, 100)], Plot).Single();

        Assert.Equal("start", position.Anchor);
        Assert.True(position.X > 100);
    }

    [Fact]
    public void Label_near_the_right_edge_flips_to_the_left()
    {
        var position = LabelPlacement.Place([(395, 100, "Tree-of-Thought")], [(395, 100)], Plot).Single();

        Assert.Equal("end", position.Anchor);
        Assert.True(position.X < 395);
    }

    [Fact]
    public void Label_avoids_a_marker_just_to_its_right()
    {
        // A neighbour 30 px to the right sits where a right-hand label would be drawn.
        var position = LabelPlacement.Place([(100, 100, "Chain-of-Draft")], [(100, 100), (130, 100)], Plot, markerRadius: 6).Single();

        Assert.False(Overlaps(Box(position, "Chain-of-Draft"), (124, 94, 136, 106)));
        Assert.False(Overlaps(Box(position, "Chain-of-Draft"), (94, 94, 106, 106)));
    }

    [Fact]
    public void Two_labels_for_nearby_points_do_not_overlap()
    {
        var positions = LabelPlacement.Place(
            [(100, 100, "Direct"), (104, 104, "Draft")], [(100, 100), (104, 104)], Plot);

        var boxes = positions.Zip(["Direct", "Draft"], (p, text) => Box(p, text)).ToList();
        Assert.False(Overlaps(boxes[0], boxes[1]));
    }

    private static (double Left, double Top, double Right, double Bottom) Box(LabelPosition position, string text)
    {
        var width = ChartFormat.EstimateTextWidth(text, ChartMetrics.FontSize);
        var left = position.Anchor switch { "start" => position.X, "end" => position.X - width, _ => position.X - width / 2 };
        return (left, position.Y - 10, left + width, position.Y + 3);
    }

    private static bool Overlaps((double Left, double Top, double Right, double Bottom) a, (double Left, double Top, double Right, double Bottom) b) =>
        a.Left < b.Right && b.Left < a.Right && a.Top < b.Bottom && b.Top < a.Bottom;
}
