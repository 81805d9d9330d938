using System.Text.RegularExpressions;
using Platform.Evaluation.Datasets.Suites;

namespace Platform.Evaluation.Tests.Suites;

public class AlgorithmicSuiteTests
{
    private static List<int> ListIn(string question) =>
        Regex.Match(question, @"\[([\d, ]+)\]").Groups[1].Value.Split(", ").Select(int.Parse).ToList();

    [Fact]
    public void Targets_match_answers_recomputed_by_brute_force()
    {
        var suite = BuiltInSuites.Build("algorithmic", 77, 20);
        foreach (var item in suite.Items)
        {
            var values = ListIn(item.Question);
            Assert.Equal(AlgorithmicSuite.LengthFor(item.Level), values.Count);
            var expected = item.Metadata["task"] switch
            {
                "sort" => "[" + string.Join(", ", values.Order()) + "]",
                "mode" => values.GroupBy(v => v).OrderByDescending(g => g.Count()).First().Key.ToString(),
                "two-sum" => TwoSum(values, int.Parse(Regex.Match(item.Question, @"add up to (\d+)").Groups[1].Value)),
                "lis" => LongestIncreasingByEnumeration(values).ToString(),
                _ => SubsetSumByEnumeration(values, int.Parse(Regex.Match(item.Question, @"exactly (\d+)").Groups[1].Value)) ? "yes" : "no",
            };
            Assert.Equal(expected, item.Target);
            if (item.Metadata["task"] == "mode")
            {
                var counts = values.GroupBy(v => v).Select(g => g.Count()).OrderDescending().ToList();
                Assert.True(counts.Count == 1 || counts[0] > counts[1], "the mode must be unique");
            }
        }
        Assert.Equal(5, suite.Items.Select(i => i.Metadata["task"]).Distinct().Count());
    }

    private static string TwoSum(List<int> values, int sum)
    {
        var pairs = new List<string>();
        for (var i = 0; i < values.Count; i++)
            for (var j = i + 1; j < values.Count; j++)
                if (values[i] + values[j] == sum) pairs.Add($"[{i}, {j}]");
        return Assert.Single(pairs);
    }

    private static int LongestIncreasingByEnumeration(List<int> values)
    {
        var best = 0;
        for (var mask = 1; mask < 1 << values.Count; mask++)
        {
            var picked = Enumerable.Range(0, values.Count).Where(i => (mask & (1 << i)) != 0).Select(i => values[i]).ToList();
            if (picked.Zip(picked.Skip(1)).All(p => p.First < p.Second)) best = Math.Max(best, picked.Count);
        }
        return best;
    }

    private static bool SubsetSumByEnumeration(List<int> values, int sum)
    {
        for (var mask = 0; mask < 1 << values.Count; mask++)
            if (Enumerable.Range(0, values.Count).Where(i => (mask & (1 << i)) != 0).Sum(i => values[i]) == sum) return true;
        return false;
    }

    [Fact]
    public void Two_sum_items_accept_positions_in_either_order()
    {
        var item = AlgorithmicSuite.Generate("two-sum", 2, new SplitMix64(5), "t");
        var positions = item.Target.Trim('[', ']').Split(", ");
        Assert.True(new Platform.Evaluation.Scoring.Checkers.ListChecker().Check(item, $"[{positions[1]}, {positions[0]}]").IsCorrect);
    }

    [Fact]
    public void Subset_sum_gives_both_answers()
    {
        var answers = BuiltInSuites.Build("algorithmic", 3, 60).Items.Where(i => i.Metadata["task"] == "subset-sum").Select(i => i.Target).ToHashSet();
        Assert.Equal(["no", "yes"], answers.Order());
    }
}
