using System.Globalization;
using Platform.Evaluation.Scoring.Checkers;

namespace Platform.Evaluation.Datasets.Suites;

/// <summary>
/// Small algorithmic tasks whose answers come from running the algorithm: sort, mode, two-sum (positions),
/// length of the longest strictly increasing subsequence, and subset sum (yes/no: does some subset reach the
/// target?). Every answer is checked as a list; a one-value answer is a list of one.
/// </summary>
public sealed class AlgorithmicSuite : ISuiteGenerator
{
    public string Name => "algorithmic";
    public string Version => "1";
    public TaskType TaskType => TaskType.Algorithmic;
    public AnswerKind AnswerKind => AnswerKind.List;
    public string Description => "Sort, mode, two-sum, longest increasing subsequence length and subset-sum (yes/no) on random integer lists; level sets the input length.";

    private static readonly int[] LengthByLevel = [4, 6, 8, 11, 14];

    public static int LengthFor(int level) => LengthByLevel[level - 1];

    public IReadOnlyList<LevelKnob> Levels { get; } =
        LengthByLevel.Select((n, i) => new LevelKnob(i + 1, $"input of {n} numbers")).ToList();

    public static readonly IReadOnlyList<string> Tasks = ["sort", "mode", "two-sum", "lis", "subset-sum"];

    public Item Generate(int level, SplitMix64 random, string id) => Generate(random.Pick(Tasks), level, random, id);

    public static Item Generate(string task, int level, SplitMix64 random, string id)
    {
        var n = LengthFor(level);
        var (question, target, anyOrder) = task switch
        {
            "sort" => Sort(random, n),
            "mode" => Mode(random, n),
            "two-sum" => TwoSum(random, n),
            "lis" => LongestIncreasing(random, n),
            "subset-sum" => SubsetSum(random, n),
            _ => throw new ArgumentOutOfRangeException(nameof(task), task, "unknown algorithmic task"),
        };
        var metadata = new Dictionary<string, string> { ["task"] = task, ["length"] = n.ToString(CultureInfo.InvariantCulture) };
        if (anyOrder) metadata[ListChecker.OrderKey] = ListChecker.AnyOrder;
        return new Item(id, level, question, target, Item.NoChoices, metadata);
    }

    private static string Show(IEnumerable<int> values) => "[" + string.Join(", ", values) + "]";

    private static List<int> RandomList(SplitMix64 random, int n, int max) =>
        Enumerable.Range(0, n).Select(_ => random.Between(1, max)).ToList();

    private static (string, string, bool) Sort(SplitMix64 random, int n)
    {
        var values = RandomList(random, n, 99);
        return ($"Sort these numbers in ascending order: {Show(values)}. Give the sorted numbers as a list in square brackets, for example [1, 2, 3].",
            Show(values.Order()), false);
    }

    private static (string, string, bool) Mode(SplitMix64 random, int n)
    {
        var mode = random.Between(1, 20);
        var times = Math.Max(2, n / 3);
        var values = Enumerable.Repeat(mode, times).ToList();
        var counts = new Dictionary<int, int>();
        while (values.Count < n)
        {
            var v = random.Between(1, 20);
            if (v == mode || counts.GetValueOrDefault(v) + 1 >= times) continue;
            counts[v] = counts.GetValueOrDefault(v) + 1;
            values.Add(v);
        }
        random.Shuffle(values);
        return ($"Which number appears most often in this list: {Show(values)}? Exactly one number does. Give that number.",
            mode.ToString(CultureInfo.InvariantCulture), false);
    }

    internal static IEnumerable<(int I, int J)> PairsSummingTo(IReadOnlyList<int> values, int sum)
    {
        for (var i = 0; i < values.Count; i++)
            for (var j = i + 1; j < values.Count; j++)
                if (values[i] + values[j] == sum) yield return (i, j);
    }

    private static (string, string, bool) TwoSum(SplitMix64 random, int n)
    {
        while (true)
        {
            var values = random.Sample(Enumerable.Range(1, 60).ToList(), n);
            var i = random.Next(n);
            var j = random.Next(n - 1);
            if (j >= i) j++;
            var sum = values[i] + values[j];
            var pairs = PairsSummingTo(values, sum).ToList();
            if (pairs.Count != 1) continue;
            return ($"In the list {Show(values)}, exactly two numbers add up to {sum}. Give their positions, counting from 0, as a list such as [0, 3].",
                Show([pairs[0].I, pairs[0].J]), true);
        }
    }

    internal static int LongestIncreasingLength(IReadOnlyList<int> values)
    {
        var best = new int[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            best[i] = 1;
            for (var j = 0; j < i; j++)
                if (values[j] < values[i]) best[i] = Math.Max(best[i], best[j] + 1);
        }
        return best.DefaultIfEmpty(0).Max();
    }

    private static (string, string, bool) LongestIncreasing(SplitMix64 random, int n)
    {
        var values = RandomList(random, n, 50);
        return ($"What is the length of the longest strictly increasing subsequence of {Show(values)}? A subsequence keeps the original order but need not be contiguous. Give the length as a number.",
            LongestIncreasingLength(values).ToString(CultureInfo.InvariantCulture), false);
    }

    internal static bool HasSubsetSum(IReadOnlyList<int> values, int sum)
    {
        var reachable = new bool[sum + 1];
        reachable[0] = true;
        foreach (var v in values)
            for (var s = sum; s >= v; s--)
                reachable[s] |= reachable[s - v];
        return reachable[sum];
    }

    private static (string, string, bool) SubsetSum(SplitMix64 random, int n)
    {
        var values = RandomList(random, n, 30);
        var total = values.Sum();
        int sum;
        if (random.Chance(50))
        {
            sum = values.Where(_ => random.Chance(50)).Sum();
            if (sum == 0) sum = values[0];
        }
        else
        {
            var unreachable = Enumerable.Range(1, total).Where(s => !HasSubsetSum(values, s)).ToList();
            sum = unreachable.Count > 0 ? random.Pick(unreachable) : values[0];
        }
        var answer = HasSubsetSum(values, sum) ? "yes" : "no";
        return ($"Is there a subset of {Show(values)} whose numbers add up to exactly {sum}? Each number in the list may be used at most once. Answer yes or no.",
            answer, false);
    }
}
