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

    /// <summary>
    /// Works every problem from its text alone: each sentence is either a known event (with its arithmetic
    /// and its step count) or a known distractor. The recomputed answer and step count must match.
    /// </summary>
    [Fact]
    public void Answers_and_step_counts_recomputed_from_the_text_match()
    {
        foreach (var item in BuiltInSuites.Build("arithmetic", 57, 20).Items)
        {
            long count = 0;
            var steps = 0;
            var distractors = 0;
            foreach (var sentence in Regex.Matches(item.Question, @"[^.?]+[.?]").Select(m => m.Value.Trim()))
            {
                Match m;
                if ((m = Regex.Match(sentence, @"^\w+ has (\d+) \w+ with (\d+) \w+ in each \w+\.$")).Success) { count = N(m, 1) * N(m, 2); steps += 1; }
                else if ((m = Regex.Match(sentence, @"^\w+ has (\d+) \w+\.$")).Success) count = N(m, 1);
                else if ((m = Regex.Match(sentence, @"^\w+ (?:collects|picks|bakes|buys|gathers|finds) (\d+) more \w+\.$")).Success) { count += N(m, 1); steps += 1; }
                else if ((m = Regex.Match(sentence, @"^\w+ gives \w+ (\d+) \w+\.$")).Success) { count += N(m, 1); steps += 1; }
                else if ((m = Regex.Match(sentence, @"^\w+ gives (\d+) \w+ to \w+\.$")).Success) { count -= N(m, 1); steps += 1; }
                else if ((m = Regex.Match(sentence, @"^\w+ loses (\d+) \w+ on the way home\.$")).Success) { count -= N(m, 1); steps += 1; }
                else if ((m = Regex.Match(sentence, @"^After a trade, \w+ has (twice|three times) as many \w+ as before\.$")).Success) { count *= m.Groups[1].Value == "twice" ? 2 : 3; steps += 1; }
                else if ((m = Regex.Match(sentence, @"^\w+ splits the \w+ equally into (\d+) \w+ and gives away every \w+ except one, keeping the \w+ in it\.$")).Success)
                {
                    Assert.Equal(0, count % N(m, 1));
                    count /= N(m, 1);
                    steps += 1;
                }
                else if ((m = Regex.Match(sentence, @"^\w+ also buys (\d+) \w+ that hold (\d+) \w+ each\.$")).Success) { count += N(m, 1) * N(m, 2); steps += 2; }
                else if ((m = Regex.Match(sentence, @"^\w+ then sells all of the \w+ for \$(\d+) each\.$")).Success) { count *= N(m, 1); steps += 1; }
                else if (Regex.IsMatch(sentence, @"^(\w+ is \d+ years old|The store is \d+ blocks from \w+'s house|\w+'s \w+ has \d+ books|It takes \w+ \d+ minutes to walk to school)\.$")) distractors++;
                else if (!Regex.IsMatch(sentence, @"^(How many \w+ does \w+ have now\?|How many dollars does \w+ receive\?|Give the answer as a single whole number\.)$"))
                    Assert.Fail($"{item.Id}: unrecognised sentence '{sentence}'");
                Assert.True(count >= 0, $"{item.Id}: the count went negative at '{sentence}'");
            }
            Assert.Equal(item.Target, count.ToString());
            Assert.Equal(ArithmeticSuite.StepsFor(item.Level), steps);
            Assert.Equal(ArithmeticSuite.DistractorsFor(item.Level), distractors);
        }
    }

    private static long N(Match m, int group) => long.Parse(m.Groups[group].Value);

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
