using Platform.Evaluation.Scoring.Checkers;
using static Platform.Evaluation.Tests.Checkers.CheckerItems;

namespace Platform.Evaluation.Tests.Checkers;

public class ExpressionCheckerTests
{
    private readonly ExpressionChecker _checker = new();

    private static Platform.Evaluation.Datasets.Item Puzzle(string numbers) => With("unused", metadata: ("numbers", numbers));

    [Theory]
    [InlineData("3 3 8 8", "(8/(3-8/3))")]
    [InlineData("3 3 8 8", "8 / (3 - 8 / 3)")]
    [InlineData("3 3 8 8", "8 ÷ (3 − 8 ÷ 3) = 24")]
    [InlineData("3 3 8 8", "24 = 8/(3-8/3)")]
    [InlineData("1 2 3 4", "1 × 2 × 3 × 4")]
    [InlineData("1 2 3 4", "[(1+3)*(2+4)]")]
    [InlineData("1 2 3 4", "4x3x2x1.")]
    [InlineData("4 4 10 10", "(10*10-4)/4")]
    [InlineData("1 5 5 5", "5*(5-1/5)")]
    [InlineData("3 3 8 8", @"$8 \div \left(3 - 8 \div 3\right) = 24$")]
    [InlineData("1 2 3 4", @"1 \times 2 \cdot 3 \times 4")]
    public void Correct_expressions_are_accepted(string numbers, string answer)
    {
        var check = _checker.Check(Puzzle(numbers), answer);
        Assert.True(check.IsCorrect, check.Reason);
    }

    [Theory]
    [InlineData("3 3 8 8", "8*3", "does not use 3, 8; each of 3 3 8 8 must be used exactly once")]
    [InlineData("3 3 8 8", "8*3*8/8", "uses 8 more often than given (3 3 8 8); each number must be used exactly once")]
    [InlineData("1 2 3 4", "(1+2+3)*4*1", "uses 1 more often than given (1 2 3 4); each number must be used exactly once")]
    [InlineData("1 2 3 4", "6*4*1", "uses 6, which is not among the given numbers (1 2 3 4)")]
    [InlineData("1 2 3 4", "1+2+3+4", "the expression equals 10, not 24")]
    [InlineData("1 2 3 4", "1*2*3*4 = 25", "the answer states '= 25', but the goal is 24")]
    [InlineData("3 3 8 8", "8/(3-3)*8", "cannot read the expression: the expression divides by zero")]
    [InlineData("1 2 3 4", "4(1+2+3)", "cannot read the expression: missing operator before '(' at character 2")]
    [InlineData("1 2 3 4", "(1+2+3*4", "cannot read the expression: the bracket opened at character 1 is not closed")]
    [InlineData("1 2 3 4", "-1+2+3*4+", "cannot read the expression: unary minus at character 1 is not allowed; use only the given numbers")]
    [InlineData("1 2 3 4", "2^3*3+0", "cannot read the expression: unexpected character '^' at character 2; only numbers, + - * / and brackets are allowed")]
    public void Wrong_expressions_say_why(string numbers, string answer, string reason)
    {
        var check = _checker.Check(Puzzle(numbers), answer);
        Assert.False(check.IsCorrect);
        Assert.Equal(reason, check.Reason);
    }

    [Fact]
    public void Arithmetic_is_exact_not_floating_point()
    {
        // 8/(3-8/3) is 24 only in exact arithmetic; in doubles it is 23.999999999999993.
        Assert.True(ArithmeticExpression.TryEvaluate("8/(3-8/3)", out var expression, out _));
        Assert.Equal(new Rational(24, 1), expression.Value);
    }

    [Fact]
    public void A_goal_other_than_24_comes_from_metadata()
    {
        var item = With("unused", metadata: [("numbers", "2 5"), ("goal", "10")]);
        Assert.True(_checker.Check(item, "2*5").IsCorrect);
        Assert.False(_checker.Check(item, "2+5").IsCorrect);
    }
}
