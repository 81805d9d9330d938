using Platform.Evaluation.Scoring.Checkers;
using static Platform.Evaluation.Tests.Checkers.CheckerItems;

namespace Platform.Evaluation.Tests.Checkers;

public class TextCheckerTests
{
    private readonly TextChecker _checker = new();

    [Theory]
    [InlineData("heads", "Heads")]
    [InlineData("heads", " heads. ")]
    [InlineData("New York", "new  york!")]
    [InlineData("don't stop", "\"Dont stop\"")]
    public void Equal_after_normalisation(string target, string answer) =>
        Assert.True(_checker.Check(With(target), answer).IsCorrect);

    [Theory]
    [InlineData("heads", "tails")]
    [InlineData("heads", "heads heads")]
    [InlineData("elnt", "e l n t")]
    [InlineData("a", "an")]
    public void Different_text_is_wrong(string target, string answer) =>
        Assert.False(_checker.Check(With(target), answer).IsCorrect);

    [Fact]
    public void Aliases_and_ignored_spacing_come_from_metadata()
    {
        Assert.True(_checker.Check(With("heads", metadata: ("aliases", "heads up|H")), "Heads up").IsCorrect);
        Assert.True(_checker.Check(With("heads", metadata: ("aliases", "heads up|H")), "h").IsCorrect);
        Assert.True(_checker.Check(With("elnt", metadata: ("ignore-spaces", "true")), "E-L-N-T").IsCorrect);
        Assert.True(_checker.Check(With("elnt", metadata: ("ignore-spaces", "true")), "e l n t").IsCorrect);
        Assert.False(_checker.Check(With("elnt", metadata: ("ignore-spaces", "true")), "eltn").IsCorrect);
    }

    [Fact]
    public void Empty_answer_is_wrong_with_a_reason()
    {
        var check = _checker.Check(With("heads"), " ... ");
        Assert.False(check.IsCorrect);
        Assert.Contains("empty", check.Reason);
    }
}

public class ListCheckerTests
{
    private readonly ListChecker _checker = new();

    [Theory]
    [InlineData("[1, 2, 3]", "[1, 2, 3]")]
    [InlineData("[1, 2, 3]", "1 2 3")]
    [InlineData("[1, 2, 3]", "(1,2,3)")]
    [InlineData("[1, 2, 3]", "1; 2; 3.")]
    [InlineData("[1, 2, 3]", "[1.0, 2, 3.00]")]
    [InlineData("7", "[7]")]
    [InlineData("yes", "Yes.")]
    [InlineData("[apple, pear]", "['Apple', 'pear']")]
    [InlineData("[1, 2, 3]", "1, 2 and 3")]
    [InlineData("[0, 3]", "0 and 3")]
    [InlineData("[salt and pepper, oil]", "salt and pepper, oil")]
    public void Same_sequence_in_any_notation_is_correct(string target, string answer) =>
        Assert.True(_checker.Check(With(target), answer).IsCorrect);

    [Theory]
    [InlineData("[1, 2, 3]", "[1, 3, 2]", "element 2 is 3, expected 2")]
    [InlineData("[1, 2, 3]", "[1, 2]", "expected 3 element(s), got 2: [1, 2]")]
    [InlineData("[1, 2, 3]", "[1, 2, 3, 4]", "expected 3 element(s), got 4: [1, 2, 3, 4]")]
    [InlineData("yes", "no", "element 1 is no, expected yes")]
    public void Different_sequence_is_wrong_with_the_first_difference(string target, string answer, string reason)
    {
        var check = _checker.Check(With(target), answer);
        Assert.False(check.IsCorrect);
        Assert.Equal(reason, check.Reason);
    }

    [Fact]
    public void Order_any_compares_as_a_multiset()
    {
        var item = With("[2, 5]", metadata: ("order", "any"));
        Assert.True(_checker.Check(item, "[5, 2]").IsCorrect);
        Assert.True(_checker.Check(item, "2, 5").IsCorrect);
        var wrong = _checker.Check(item, "[5, 3]");
        Assert.False(wrong.IsCorrect);
        Assert.Contains("missing 2; unexpected 3", wrong.Reason);
        Assert.False(_checker.Check(With("[1, 1, 2]", metadata: ("order", "any")), "[1, 2, 2]").IsCorrect);
    }
}
