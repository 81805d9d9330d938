using Platform.Evaluation.Scoring.Checkers;
using static Platform.Evaluation.Tests.Checkers.CheckerItems;

namespace Platform.Evaluation.Tests.Checkers;

public class ChoiceCheckerTests
{
    private static readonly string[] Options = ["a lamp", "the garden", "New York", "a blue car"];
    private readonly ChoiceChecker _checker = new();

    [Theory]
    [InlineData("B")]
    [InlineData("b")]
    [InlineData("(B)")]
    [InlineData("B)")]
    [InlineData("B.")]
    [InlineData("[B]")]
    [InlineData("Option B")]
    [InlineData("answer: b")]
    [InlineData("The answer is B")]
    [InlineData("The correct option is (B).")]
    [InlineData("2")]
    [InlineData("the garden")]
    [InlineData("The  Garden.")]
    [InlineData("B) the garden")]
    [InlineData("(b) The garden")]
    [InlineData("**B**")]
    public void Accepts_the_right_option_in_every_form(string answer) =>
        Assert.True(_checker.Check(With("B", Options), answer).IsCorrect);

    [Theory]
    [InlineData("C", "chose C (New York), expected B (the garden)")]
    [InlineData("new york", "chose C (New York), expected B (the garden)")]
    [InlineData("4", "chose D (a blue car), expected B (the garden)")]
    [InlineData("E", "there is no option E (options are A-D)")]
    [InlineData("7", "there is no option number 7 (options are numbered 1-4)")]
    [InlineData("B) New York", "the letter B and the text of option C disagree")]
    [InlineData("the park", "'the park' names none of the options (options are A-D)")]
    public void Rejects_other_options_with_a_reason(string answer, string reason)
    {
        var check = _checker.Check(With("B", Options), answer);
        Assert.False(check.IsCorrect);
        Assert.Equal(reason, check.Reason);
    }

    [Fact]
    public void An_option_whose_text_is_a_number_is_matched_by_text_first()
    {
        var item = With("A", ["3", "1", "2"]);
        Assert.True(_checker.Check(item, "3").IsCorrect);
        Assert.False(_checker.Check(item, "1").IsCorrect);
    }
}
