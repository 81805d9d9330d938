using Platform.Evaluation.Datasets.Suites;
using Platform.Evaluation.Scoring.Checkers;

namespace Platform.Evaluation.Tests.Suites;

public class BlocksworldSuiteTests
{
    private readonly PlanChecker _checker = new();

    [Theory]
    [InlineData(1, 3)]
    [InlineData(3, 5)]
    [InlineData(5, 7)]
    public void Level_sets_the_number_of_blocks_and_goal_differs_from_start(int level, int blocks)
    {
        foreach (var item in BuiltInSuites.Build($"blocksworld@{level}", 3, 15).Items)
        {
            var initial = BlocksWorld.Parse(item.Metadata["initial"]);
            var goal = BlocksWorld.Parse(item.Metadata["goal"]);
            Assert.Equal(blocks, initial.Blocks.Count);
            Assert.Equal(initial.Blocks.Order(), goal.Blocks.Order());
            Assert.False(initial.SameArrangement(goal));
            Assert.Contains("unstack X from Y", item.Question);
        }
    }

    [Fact]
    public void Target_plans_validate_and_broken_versions_of_them_fail()
    {
        foreach (var item in BuiltInSuites.Build("blocksworld", 8, 6).Items)
        {
            Assert.True(_checker.Check(item, item.Target).IsCorrect);
            var steps = item.Target.Split('\n');
            // Dropping the last action leaves a block in the hand or the goal unreached.
            Assert.False(_checker.Check(item, string.Join('\n', steps[..^1])).IsCorrect);
            // Reversing the plan starts with an action that is illegal in the initial state or ends elsewhere.
            Assert.False(_checker.Check(item, string.Join('\n', steps.Reverse())).IsCorrect);
        }
    }

    [Fact]
    public void Planner_keeps_blocks_that_are_already_in_place()
    {
        // Goal keeps A on the table with B on it; only C needs to move from the table onto B.
        var plan = BlocksworldSuite.Plan(BlocksWorld.Parse("A B; C"), BlocksWorld.Parse("A B C"));
        Assert.Equal(["pick up C", "stack C on B"], plan);
    }

    [Fact]
    public void Planner_solves_the_sussman_anomaly()
    {
        var plan = BlocksworldSuite.Plan(BlocksWorld.Parse("A C; B"), BlocksWorld.Parse("C B A"));
        Assert.Equal(["unstack C from A", "put down C", "pick up B", "stack B on C", "pick up A", "stack A on B"], plan);
    }
}
