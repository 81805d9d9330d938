using Platform.Evaluation.Datasets.Suites;
using Platform.Evaluation.Scoring.Checkers;

namespace Platform.Evaluation.Tests.Suites;

public class Game24SuiteTests
{
    [Fact]
    public void Solver_counts_the_well_known_number_of_solvable_puzzles()
    {
        // 1820 multisets of four numbers 1..13; 1362 of them reach 24 (the figure every 24-game table gives).
        var solvable = 0;
        for (var a = 1; a <= 13; a++)
            for (var b = a; b <= 13; b++)
                for (var c = b; c <= 13; c++)
                    for (var d = c; d <= 13; d++)
                        if (Game24Solver.CountSolutions([a, b, c, d]) > 0) solvable++;
        Assert.Equal(1362, solvable);
    }

    [Theory]
    [InlineData(new[] { 3, 3, 8, 8 }, new[] { "8/(3-8/3)" })]
    [InlineData(new[] { 4, 4, 10, 10 }, new[] { "(10*10-4)/4" })]
    [InlineData(new[] { 1, 5, 5, 5 }, new[] { "(5-1/5)*5" })]
    [InlineData(new[] { 6, 6, 6, 6 }, new[] { "6+6+6+6", "6*6-6-6" })]
    [InlineData(new[] { 1, 1, 1, 1 }, new string[0])]
    public void Solver_finds_hand_checked_solutions(int[] numbers, string[] expected) =>
        Assert.Equal(expected, Game24Solver.Solve(numbers));

    [Fact]
    public void Solutions_equal_up_to_commutativity_and_associativity_count_once()
    {
        // 1+2+3 then *4, (3+2+1)*4, 4*(1+(2+3)) are one solution; 1*2*3*4 and 2*3*4/1 are two more, (1+3)*(2+4) a fourth.
        Assert.Equal(["(1+2+3)*4", "(1+3)*(2+4)", "1*2*3*4", "2*3*4/1"], Game24Solver.Solve([1, 2, 3, 4]));
    }

    [Fact]
    public void Every_solution_the_solver_reports_passes_the_independent_verifier()
    {
        var checker = new ExpressionChecker();
        foreach (var numbers in new[] { new[] { 1, 1, 4, 6 }, [2, 3, 5, 12], [1, 2, 7, 7], [5, 5, 5, 1] })
            foreach (var solution in Game24Solver.Solve(numbers))
                Assert.True(checker.Check(Platform.Evaluation.Tests.Checkers.CheckerItems.With("", metadata: ("numbers", string.Join(' ', numbers))), solution).IsCorrect, solution);
    }

    [Theory]
    [InlineData(1, 6, int.MaxValue)]
    [InlineData(2, 4, 5)]
    [InlineData(3, 3, 3)]
    [InlineData(4, 2, 2)]
    [InlineData(5, 1, 1)]
    public void Levels_map_to_solution_count_ranges(int level, int min, int max)
    {
        var suite = BuiltInSuites.Build($"game24@{level}", 11, 20);
        Assert.All(suite.Items, item =>
        {
            var numbers = item.Metadata["numbers"].Split(' ').Select(int.Parse).ToList();
            Assert.Equal(4, numbers.Count);
            Assert.All(numbers, n => Assert.InRange(n, 1, 13));
            var count = Game24Solver.Solve(numbers).Count;
            Assert.InRange(count, min, max);
            Assert.Equal(count.ToString(), item.Metadata["solutions"]);
        });
    }
}
