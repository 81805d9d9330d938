using Platform.Evaluation.Scoring.Checkers;
using static Platform.Evaluation.Tests.Checkers.CheckerItems;

namespace Platform.Evaluation.Tests.Checkers;

public class PlanCheckerTests
{
    private readonly PlanChecker _checker = new();

    // Sussman anomaly: C on A, A and B on the table; goal A on B on C.
    private static readonly Platform.Evaluation.Datasets.Item Sussman = With("unused", metadata: [("initial", "A C; B"), ("goal", "C B A")]);

    [Theory]
    [InlineData("unstack C from A\nput down C\npick up B\nstack B on C\npick up A\nstack A on B")]
    [InlineData("unstack C from A / put down C / pick up B / stack B on C / pick up A / stack A on B")]
    [InlineData("1. Unstack block C from on top of block A.\n2. Put down C.\n3. Pick up B.\n4. Stack B on top of C.\n5. Pick up A.\n6. Stack A on top of B.")]
    [InlineData("move C onto table; move B onto C; move A onto B")]
    [InlineData("Move C from A to the table, then move B onto C, then move A onto B.")]
    [InlineData("(unstack c a)\n(put-down c)\n(pick-up b)\n(stack b c)\n(pick-up a)\n(stack a b)")]
    [InlineData("unstack C from A\nput C down\nmove B onto C\npick up A\nstack A on B")]
    [InlineData("move C onto B\nmove C onto table\nmove B onto C\nmove A onto B")]
    [InlineData("Step 1: unstack C from A. Step 2: put C on the table. Step 3: pickup B. Step 4: stack B onto C. Step 5: pick-up A. Step 6: put A on B.")]
    public void Any_valid_plan_that_reaches_the_goal_is_correct(string plan)
    {
        var check = _checker.Check(Sussman, plan);
        Assert.True(check.IsCorrect, check.Reason);
    }

    [Theory]
    [InlineData("pick up A\nstack A on B", "step 1 'pick up A': A is not clear")]
    [InlineData("pick up C", "step 1 'pick up C': C is not on the table (it is on A); use unstack")]
    [InlineData("put down C", "step 1 'put down C': the hand is empty, not holding C")]
    [InlineData("unstack A from C", "step 1 'unstack A from C': A is not on C (it is on the table)")]
    [InlineData("pick up B\npick up A", "step 2 'pick up A': the hand already holds B")]
    [InlineData("unstack C from A\nstack C on C", "step 2 'stack C on C': C cannot be stacked on itself")]
    [InlineData("move A onto B", "step 1 'move A onto B': A is not clear")]
    [InlineData("unstack C from A\nput down C", "the plan ends in 'A; B; C', not the goal 'C B A'")]
    [InlineData("unstack C from A\nput down C\npick up B\nstack B on C\npick up A", "the plan ends holding A; the goal needs every block placed")]
    [InlineData("move D onto table", "step 1 'move D onto table': there is no block D in this problem")]
    [InlineData("fly C to the moon", "step 1 'fly C to the moon' is not an action; use pick up X, put down X, unstack X from Y, stack X on Y, or move X onto Y/table")]
    [InlineData("  ", "the plan has no actions")]
    public void Illegal_or_incomplete_plans_are_wrong_with_the_step_and_reason(string plan, string reason)
    {
        var check = _checker.Check(Sussman, plan);
        Assert.False(check.IsCorrect);
        Assert.Equal(reason, check.Reason);
    }

    [Fact]
    public void Reaching_the_goal_midway_and_leaving_it_is_wrong()
    {
        var item = With("unused", metadata: [("initial", "A B"), ("goal", "A; B")]);
        Assert.True(_checker.Check(item, "unstack B from A\nput down B").IsCorrect);
        Assert.False(_checker.Check(item, "unstack B from A\nput down B\npick up B\nstack B on A").IsCorrect);
    }
}
