using System.Text.RegularExpressions;
using Platform.Evaluation.Datasets.Suites;

namespace Platform.Evaluation.Tests.Suites;

public class ArithmeticSuiteTests
{
    [Fact]
    public void Answers_are_whole_non_negative_numbers_and_steps_follow_the_level()
    {
        foreach (var item in BuiltInSuites.Build("arithmetic", 31, 20).Items)
        {
            Assert.Matches(@"^\d+$", item.Target);
            Assert.Equal(ArithmeticSuite.StepsFor(item.Level).ToString(), item.Metadata["steps"]);
            Assert.EndsWith("Give the answer as a single whole number.", item.Question);
        }
    }

    [Fact]
    public void Harder_levels_state_more_quantities()
    {
        double MeanNumbers(int level) => BuiltInSuites.Build($"arithmetic@{level}", 4, 40).Items
            .Average(i => Regex.Matches(i.Question, @"\d+").Count + Regex.Matches(i.Question, @"\b(twice|three times)\b").Count);
        Assert.True(MeanNumbers(1) < MeanNumbers(3));
        Assert.True(MeanNumbers(3) < MeanNumbers(5));
    }

    [Fact]
    public void A_hand_checked_item_has_the_right_answer()
    {
        // Pinned item, worked by hand from its own text.
        var item = BuiltInSuites.Build("arithmetic@1", 42, 1).Items.Single();
        Assert.Equal(
            "Kenji has 4 cartons with 11 eggs in each carton. Felix is 20 years old. Kenji then sells all of the eggs for $7 each. How many dollars does Kenji receive? Give the answer as a single whole number.",
            item.Question);
        Assert.Equal((4 * 11 * 7).ToString(), item.Target);
    }
}
