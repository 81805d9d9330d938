using System.Text.RegularExpressions;
using Platform.Evaluation.Datasets.Suites;

namespace Platform.Evaluation.Tests.Suites;

public class SymbolicSuiteTests
{
    [Fact]
    public void Targets_match_a_recount_from_the_question_and_level_sets_the_length()
    {
        foreach (var item in BuiltInSuites.Build("symbolic", 19, 12).Items)
        {
            if (item.Metadata["task"] == "last-letter")
            {
                var words = Regex.Match(item.Question, "\"([^\"]+)\"").Groups[1].Value.Split(' ');
                Assert.Equal(item.Level + 1, words.Length);
                Assert.Equal(string.Concat(words.Select(w => char.ToLowerInvariant(w[^1]))), item.Target);
            }
            else
            {
                var flips = Regex.Matches(item.Question, @"\w+ flips the coin").Count;
                var stays = Regex.Matches(item.Question, @"\w+ does not flip the coin").Count;
                Assert.Equal(2 * item.Level, flips + stays);
                Assert.Equal(flips % 2 == 0 ? "heads" : "tails", item.Target);
            }
        }
    }
}
