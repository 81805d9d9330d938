using Platform.Evaluation.Scoring.Checkers;
using static Platform.Evaluation.Tests.Checkers.CheckerItems;

namespace Platform.Evaluation.Tests.Checkers;

public class NumberCheckerTests
{
    private readonly NumberChecker _checker = new();

    [Theory]
    [InlineData("1234", "1,234")]
    [InlineData("1234", "1234.")]
    [InlineData("12.5", "$12.50")]
    [InlineData("12.5", "12.50 dollars")]
    [InlineData("0.75", "3/4")]
    [InlineData("3/4", "0.75")]
    [InlineData("1.5", "1 1/2")]
    [InlineData("-7", "-7")]
    [InlineData("-7", "\u22127")]
    [InlineData("12", "12 apples")]
    [InlineData("12", "x = 12")]
    [InlineData("45", "45%")]
    [InlineData("0.45", "45%")]
    [InlineData("45%", "0.45")]
    [InlineData("2500", "2.5e3")]
    [InlineData("1000000", "1,000,000")]
    [InlineData("12", "12 (twelve) or 12")]
    [InlineData("72", "The answer is 72.")]
    [InlineData("12", "twelve")]
    [InlineData("25", "Twenty-five apples")]
    [InlineData("105", "one hundred and five")]
    [InlineData("2300", "two thousand three hundred")]
    [InlineData("0", "zero")]
    public void Accepts_equal_values_written_differently(string target, string answer) =>
        Assert.True(_checker.Check(With(target), answer).IsCorrect);

    [Theory]
    [InlineData("0.45", "45")]
    [InlineData("12", "13")]
    [InlineData("12", "-12")]
    [InlineData("0.3333", "1/3")]
    [InlineData("1234", "1,2345")]
    [InlineData("12.5", "12,5")]
    [InlineData("100", "100.0001")]
    [InlineData("4", "three")]
    [InlineData("21", "twenty twelve")]
    public void Rejects_different_values(string target, string answer) =>
        Assert.False(_checker.Check(With(target), answer).IsCorrect);

    [Fact]
    public void Several_different_numbers_are_ambiguous_and_say_so()
    {
        var check = _checker.Check(With("3"), "between 3 and 4");
        Assert.False(check.IsCorrect);
        Assert.Contains("several different numbers", check.Reason);
    }

    [Fact]
    public void An_answer_without_a_number_is_wrong_with_a_reason()
    {
        var check = _checker.Check(With("3"), "no idea");
        Assert.False(check.IsCorrect);
        Assert.Contains("no number", check.Reason);
    }

    [Fact]
    public void Digits_of_other_scripts_are_not_numbers_and_do_not_throw()
    {
        // Fullwidth digits match .NET's \d; they must read as "no number", never crash a run.
        var check = _checker.Check(With("12"), "\uFF11\uFF12");
        Assert.False(check.IsCorrect);
        Assert.Contains("no number", check.Reason);
    }

    [Fact]
    public void Wrong_answer_reason_names_both_values()
    {
        var check = _checker.Check(With("18"), "$17.50");
        Assert.Equal("17.50 is 17.5, expected 18", check.Reason);
    }

    [Fact]
    public void Tolerance_from_metadata_allows_close_values_and_no_further()
    {
        var item = With("3.14159", metadata: ("tolerance", "0.01"));
        Assert.True(_checker.Check(item, "3.14").IsCorrect);
        Assert.True(_checker.Check(item, "3.15159").IsCorrect);
        Assert.False(_checker.Check(item, "3.16").IsCorrect);
    }

    [Fact]
    public void Comparison_is_exact_for_huge_and_tiny_numbers()
    {
        Assert.False(_checker.Check(With("12345678901234567890123"), "12345678901234567890124").IsCorrect);
        Assert.True(_checker.Check(With("0.1"), "1/10").IsCorrect);
        Assert.False(_checker.Check(With("0.1"), "0.10000000000000001").IsCorrect);
    }
}
