using System.Globalization;
using Platform.Evaluation.Scoring.Checkers;

namespace Platform.Evaluation.Datasets.Suites;

/// <summary>
/// Game of 24 over four numbers from 1 to 13. Only solvable puzzles are used; a level is a range of the number of
/// distinct solutions (as counted by <see cref="Game24Solver"/>), fewer solutions being harder.
/// </summary>
public sealed class Game24Suite : ISuiteGenerator
{
    public string Name => "game24";
    public string Version => "1";
    public TaskType TaskType => TaskType.Puzzle;
    public AnswerKind AnswerKind => AnswerKind.Expression;
    public string Description => "Make 24 from four numbers (1-13) with + - * / and parentheses, each number used once. Only solvable puzzles; harder levels have fewer distinct solutions.";

    /// <summary>Inclusive solution-count range per level, 1..5. Of the 1362 solvable puzzles, about 211/227/207/321/396 fall in levels 1..5.</summary>
    public static readonly IReadOnlyList<(int Min, int Max)> SolutionRanges = [(6, int.MaxValue), (4, 5), (3, 3), (2, 2), (1, 1)];

    public IReadOnlyList<LevelKnob> Levels { get; } =
    [
        new(1, "6 or more distinct solutions"),
        new(2, "4-5 distinct solutions"),
        new(3, "3 distinct solutions"),
        new(4, "2 distinct solutions"),
        new(5, "exactly 1 solution"),
    ];

    private static readonly Lazy<IReadOnlyList<IReadOnlyList<int[]>>> PuzzlesByLevel = new(BuildPuzzleTable);

    public static int LevelFor(int solutionCount)
    {
        for (var level = 1; level <= 5; level++)
        {
            var (min, max) = SolutionRanges[level - 1];
            if (solutionCount >= min && solutionCount <= max) return level;
        }
        throw new ArgumentOutOfRangeException(nameof(solutionCount), solutionCount, "an unsolvable puzzle has no level");
    }

    public Item Generate(int level, SplitMix64 random, string id)
    {
        // Shown in ascending order, as 24-game collections print them; the same puzzle is then the same question.
        return CreateItem(id, level, random.Pick(PuzzlesByLevel.Value[level - 1]));
    }

    /// <summary>An item for given numbers (also used by the Game-of-24 CSV importer); the puzzle must be solvable.</summary>
    public static Item CreateItem(string id, int level, IReadOnlyList<int> numbers)
    {
        var solutions = Game24Solver.Solve(numbers);
        if (solutions.Count == 0) throw new ArgumentException($"{string.Join(' ', numbers)} has no solution", nameof(numbers));
        var shown = string.Join(' ', numbers);
        var question =
            $"Use the four numbers {shown} and the operations +, -, *, / to make 24. " +
            "Use each number exactly once; you may use parentheses, but no other numbers and no other operations. " +
            "Give the answer as one arithmetic expression, for example (a + b) * (c - d).";
        return new Item(id, level, question, solutions[0], Item.NoChoices, new Dictionary<string, string>
        {
            [ExpressionChecker.NumbersKey] = shown,
            [ExpressionChecker.GoalKey] = "24",
            ["solutions"] = solutions.Count.ToString(CultureInfo.InvariantCulture),
        });
    }

    private static IReadOnlyList<IReadOnlyList<int[]>> BuildPuzzleTable()
    {
        var levels = Enumerable.Range(0, 5).Select(_ => new List<int[]>()).ToArray();
        for (var a = 1; a <= 13; a++)
            for (var b = a; b <= 13; b++)
                for (var c = b; c <= 13; c++)
                    for (var d = c; d <= 13; d++)
                    {
                        int[] puzzle = [a, b, c, d];
                        var count = Game24Solver.CountSolutions(puzzle);
                        if (count > 0) levels[LevelFor(count) - 1].Add(puzzle);
                    }
        return levels;
    }
}
