using Platform.Web.Components.Charts;

namespace Platform.Web.Tests.Charts;

public class ParetoFrontierTests
{
    private sealed record Entry(string Name, double Tokens, double Accuracy);

    private static string[] FrontierNames(params Entry[] entries) =>
        ParetoFrontier.Compute(entries, e => e.Tokens, e => e.Accuracy).Select(e => e.Name).ToArray();

    [Fact]
    public void Keeps_only_entries_no_other_beats_on_both_axes_sorted_by_cost()
    {
        var names = FrontierNames(
            new Entry("ToT", 4000, 0.80),
            new Entry("Direct", 20, 0.40),
            new Entry("CoT", 600, 0.75),
            new Entry("Verbose", 900, 0.70), // more tokens and less accurate than CoT
            new Entry("Draft", 150, 0.72),
            new Entry("Sloppy", 200, 0.30)); // beaten by Draft on both

        Assert.Equal(["Direct", "Draft", "CoT", "ToT"], names);
    }

    [Fact]
    public void Equal_accuracy_with_more_tokens_is_dominated()
    {
        Assert.Equal(["Cheap"], FrontierNames(new Entry("Cheap", 100, 0.6), new Entry("Costly", 300, 0.6)));
    }

    [Fact]
    public void Equal_tokens_with_lower_accuracy_is_dominated()
    {
        Assert.Equal(["Better"], FrontierNames(new Entry("Worse", 100, 0.5), new Entry("Better", 100, 0.6)));
    }

    [Fact]
    public void Exact_duplicates_both_stay_on_frontier_in_input_order()
    {
        var names = FrontierNames(new Entry("B", 100, 0.6), new Entry("A", 100, 0.6), new Entry("C", 50, 0.2));

        Assert.Equal(["C", "B", "A"], names);
    }

    [Fact]
    public void Duplicates_that_are_dominated_both_leave()
    {
        var names = FrontierNames(new Entry("X", 100, 0.5), new Entry("Y", 100, 0.5), new Entry("Z", 90, 0.55));

        Assert.Equal(["Z"], names);
    }

    [Fact]
    public void Single_entry_and_empty_input()
    {
        Assert.Equal(["Only"], FrontierNames(new Entry("Only", 10, 0)));
        Assert.Empty(FrontierNames());
    }

    [Fact]
    public void Non_finite_values_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => FrontierNames(new Entry("Bad", double.NaN, 0.5)));
        Assert.Contains("Bad", error.Message);
    }

    [Fact]
    public void Step_line_runs_flat_then_rises_at_each_frontier_point()
    {
        // Screen coordinates: y grows downwards, so higher accuracy has smaller y.
        var vertices = ParetoFrontier.StepVertices([(10, 200), (50, 120), (90, 40)]);

        Assert.Equal([(10, 200), (50, 200), (50, 120), (90, 120), (90, 40)], vertices);
    }

    [Fact]
    public void Step_line_collapses_duplicate_and_vertically_stacked_points()
    {
        var vertices = ParetoFrontier.StepVertices([(10, 100), (10, 100), (30, 60)]);

        Assert.Equal([(10, 100), (30, 100), (30, 60)], vertices);
    }
}
