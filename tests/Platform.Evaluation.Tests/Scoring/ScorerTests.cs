using Platform.Evaluation.Datasets;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Tests.Fakes;

namespace Platform.Evaluation.Tests.Scoring;

public class ScorerTests
{
    private static readonly SimpleChecker Checker = new();

    private static Score ScoreNumber(string output, bool truncated = false, AnswerFormats formats = AnswerFormats.AnswerTag) =>
        Scorer.Score(TestData.NumberItem(target: "1234.5"), AnswerKind.Number, output, truncated, formats, Checker);

    [Fact]
    public void Requested_format_is_correct_under_both_verdicts()
    {
        var score = ScoreNumber("Work. <answer>$1,234.50</answer>");
        Assert.Equal((Verdict.Correct, Verdict.Correct), (score.Strict, score.Flexible));
        Assert.Null(score.Reason);
        Assert.Equal("simple-1", score.CheckerVersion);
        Assert.Equal(AnswerExtractor.Version, score.ExtractorVersion);
    }

    [Fact]
    public void Answer_in_another_format_is_no_answer_when_strict_and_judged_when_flexible()
    {
        var score = ScoreNumber("The answer is $1,234.50.");
        Assert.Equal(Verdict.NoAnswer, score.Strict);
        Assert.Equal(Verdict.Correct, score.Flexible);
        Assert.Equal(ExtractionMethod.Phrase, score.FlexibleExtraction.Method);
        Assert.False(score.FlexibleExtraction.IsFallback);
    }

    [Fact]
    public void Fallback_ignores_digits_of_other_scripts()
    {
        var score = ScoreNumber("It comes to \uFF11\uFF12\uFF13\uFF14 in the end");
        Assert.Equal(Verdict.NoAnswer, score.Flexible);
    }

    [Fact]
    public void Fallback_answer_is_flagged()
    {
        var score = ScoreNumber("It comes to 1234.5 in the end");
        Assert.Equal(Verdict.NoAnswer, score.Strict);
        Assert.Equal(Verdict.Correct, score.Flexible);
        Assert.True(score.FlexibleExtraction.IsFallback);
        Assert.Equal(ExtractionMethod.LastNumber, score.FlexibleExtraction.Method);
    }

    [Fact]
    public void Missing_answer_is_no_answer_never_incorrect()
    {
        var score = ScoreNumber("I am not sure how to solve this.");
        Assert.Equal((Verdict.NoAnswer, Verdict.NoAnswer), (score.Strict, score.Flexible));
        Assert.Contains("No answer found", score.Reason);
    }

    [Fact]
    public void Truncated_output_says_so_in_the_reason()
    {
        var score = ScoreNumber("<think>let me think about this for a long", truncated: true);
        Assert.Equal(Verdict.NoAnswer, score.Flexible);
        Assert.True(score.Truncated);
        Assert.Contains("token limit", score.Reason);
    }

    [Fact]
    public void Last_number_of_an_output_cut_mid_reasoning_is_no_answer_not_a_wrong_guess()
    {
        const string cut = "Step 4: Adding up, 1000 + 234.5 = 12";
        Assert.Equal(Verdict.Incorrect, ScoreNumber(cut).Flexible);
        var score = ScoreNumber(cut, truncated: true);
        Assert.Equal((Verdict.NoAnswer, Verdict.NoAnswer), (score.Strict, score.Flexible));
        Assert.Contains("token limit", score.Reason);
        Assert.Equal(Verdict.Correct, ScoreNumber("<answer>1234.5</answer> and to check: 1000 + 2", truncated: true).Strict);
    }

    [Fact]
    public void Boxed_answer_inside_the_answer_tag_is_judged_by_its_content()
    {
        var score = ScoreNumber(@"<answer>$\boxed{1,234.50}$</answer>");
        Assert.Equal((Verdict.Correct, Verdict.Correct), (score.Strict, score.Flexible));
        Assert.Equal("1,234.50", score.StrictExtraction.Answer);
    }

    [Fact]
    public void Wrong_answer_is_incorrect_with_the_checker_reason()
    {
        var score = ScoreNumber("<answer>12</answer>");
        Assert.Equal((Verdict.Incorrect, Verdict.Incorrect), (score.Strict, score.Flexible));
        Assert.Equal("12 is not 1234.5", score.Reason);
        Assert.Equal("12", score.StrictExtraction.Answer);
    }

    [Fact]
    public void Boxed_counts_as_strict_only_for_styles_that_accept_it()
    {
        Assert.Equal(Verdict.NoAnswer, ScoreNumber(@"\boxed{1234.5}").Strict);
        Assert.Equal(Verdict.Correct, ScoreNumber(@"\boxed{1234.5}", formats: AnswerFormats.AnswerTag | AnswerFormats.Boxed).Strict);
    }

    [Fact]
    public void Rescoring_uses_the_stored_output_and_the_new_checker()
    {
        var item = TestData.NumberItem(target: "5");
        var stored = Scorer.Score(item, AnswerKind.Number, "<answer>five</answer>", false, AnswerFormats.AnswerTag, Checker);
        Assert.Equal(Verdict.Incorrect, stored.Strict);

        var wordsAware = new WordNumberChecker();
        var rescored = Scorer.Rescore(stored, item, AnswerKind.Number, AnswerFormats.AnswerTag, wordsAware);
        Assert.Equal(Verdict.Correct, rescored.Strict);
        Assert.Equal("words-2", rescored.CheckerVersion);
        Assert.Equal(stored.RawOutput, rescored.RawOutput);
    }

    private sealed class WordNumberChecker : IAnswerChecker
    {
        public string Version => "words-2";

        public AnswerCheck Check(Item item, string answer) =>
            (answer == "five" ? "5" : answer) == item.Target ? AnswerCheck.Correct : AnswerCheck.Wrong("different");
    }
}
