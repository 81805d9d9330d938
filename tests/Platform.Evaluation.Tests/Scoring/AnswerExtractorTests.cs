using Platform.Evaluation.Datasets;
using Platform.Evaluation.Scoring;

namespace Platform.Evaluation.Tests.Scoring;

public class AnswerExtractorTests
{
    [Theory]
    [InlineData("<answer>7</answer> then again <answer>9</answer>", "9")]
    [InlineData("Format: <answer>...</answer>\nWork... <answer>12</answer>", "12")]
    [InlineData("<answer>12</answer> (I used the format <answer>...</answer>)", "12")]
    [InlineData("<ANSWER> 5 </Answer>", "5")]
    [InlineData("<answer>**3/4**.</answer>", "3/4")]
    [InlineData("<answer>\nunstack a from b\nput down a\n</answer>", "unstack a from b\nput down a")]
    public void Answer_tag_takes_the_last_real_block(string output, string expected) =>
        Assert.Equal(expected, AnswerExtractor.LastAnswerTag(output));

    [Theory]
    [InlineData(@"so \boxed{\frac{1}{2}} done", @"\frac{1}{2}")]
    [InlineData(@"\boxed{3} first, then \boxed{ {a, b} }", "{a, b}")]
    [InlineData(@"\boxed{\text{B}}", "B")]
    [InlineData(@"$\boxed{x^{2}+1}$.", "x^{2}+1")]
    [InlineData(@"\boxed{4} and a broken \boxed{5", "4")]
    [InlineData(@"\boxed{\{1,2\}}", @"\{1,2\}")]
    public void Boxed_balances_nested_braces_and_takes_the_last_complete_box(string output, string expected) =>
        Assert.Equal(expected, AnswerExtractor.LastBoxed(output));

    [Theory]
    [InlineData("The answer is $1,234.50.", "$1,234.50")]
    [InlineData("So the final answer is: **42**.", "42")]
    [InlineData("Final answer: 17\nThanks.", "17")]
    [InlineData("The answer is 3. The answer is 4. Done.", "4")]
    [InlineData("the answer is (B) because whales breathe air", "(B)")]
    [InlineData("The answer is 42 because 6 times 7 is 42.", "42")]
    [InlineData("The answer is Paris, which is the capital of France.", "Paris")]
    [InlineData("Final answer: 12, since 3 + 9 = 12", "12")]
    [InlineData("The answer is 7 — the others are even", "7")]
    [InlineData("The answer is -7", "-7")]
    [InlineData("The answer is 3 - 1 = 2", "3 - 1 = 2")]
    [InlineData("The answer is since 4 is even, yes", "since 4 is even, yes")]
    [InlineData("The answer is salt and pepper", "salt and pepper")]
    [InlineData("The final answer is:\n\n  42\n", "42")]
    [InlineData("**Final Answer:**\n$1,234.50$", "1,234.50")]
    [InlineData("Final Answer: The final answer is 7", "7")]
    public void Answer_phrase_runs_to_the_end_of_its_sentence(string output, string expected) =>
        Assert.Equal(expected, AnswerExtractor.LastAnswerPhrase(output));

    [Theory]
    [InlineData("A car is not a mammal, but a whale is. So B.", "B")]
    [InlineData("(C) is right, not A.", "C")]
    [InlineData("Option A is right.", "A")]
    [InlineData("So B is correct.", "B")]
    [InlineData("A. Shark\nB. Whale\nC. Trout\nD. Eel", null)]
    [InlineData("I'm sure it's C", "C")]
    [InlineData("A whale is a mammal", null)]
    [InlineData("I think so", null)]
    [InlineData("Option E looks best", null)]
    [InlineData("Between B and D, D", "D")]
    [InlineData("The DNA of a whale", null)]
    public void Option_letter_fallback_ignores_articles_words_and_letters_beyond_the_options(string output, string? expected) =>
        Assert.Equal(expected, AnswerExtractor.LastOptionLetter(output, optionCount: 4));

    [Theory]
    [InlineData("costs 3 then 1,234.5 in total.", "1,234.5")]
    [InlineData("from -3.5 to -7", "-7")]
    [InlineData("it was $12.", "$12")]
    [InlineData("it fell to −4", "−4")]
    [InlineData("no digits here", null)]
    public void Last_number_fallback_keeps_the_number_as_written(string output, string? expected) =>
        Assert.Equal(expected, AnswerExtractor.LastNumber(output));

    [Theory]
    [InlineData("<think>the answer is 5</think><answer>6</answer>", "<answer>6</answer>")]
    [InlineData("<answer>3</answer> <think>maybe <answer>4</answer>", "<answer>3</answer> ")]
    [InlineData("hidden start 5 </think> shown", " shown")]
    [InlineData("<think>a</think>x<think>b</think>y", "xy")]
    public void Reasoning_trace_is_removed(string output, string expected) =>
        Assert.Equal(expected, ReasoningTrace.Strip(output));

    [Fact]
    public void Order_is_answer_tag_then_boxed_then_phrase_then_fallback()
    {
        var all = @"The answer is 1. \boxed{2} <answer>3</answer> 4";
        Assert.Equal(new Extraction("3", ExtractionMethod.AnswerTag, false), AnswerExtractor.Flexible(all, AnswerKind.Number, 0));
        Assert.Equal(new Extraction("2", ExtractionMethod.Boxed, false),
            AnswerExtractor.Flexible(@"The answer is 1. \boxed{2} 4", AnswerKind.Number, 0));
        Assert.Equal(new Extraction("1", ExtractionMethod.Phrase, false),
            AnswerExtractor.Flexible("The answer is 1. 4", AnswerKind.Number, 0));
        Assert.Equal(new Extraction("4", ExtractionMethod.LastNumber, true),
            AnswerExtractor.Flexible("maybe 1, maybe 4", AnswerKind.Number, 0));
    }

    [Fact]
    public void Think_block_never_supplies_the_answer()
    {
        Assert.Equal(Extraction.None, AnswerExtractor.Flexible("<think>it is 42, so <answer>42</answer>", AnswerKind.Number, 0));
        Assert.Equal("7", AnswerExtractor.Flexible("<think>the answer is 42</think>\nI say 7", AnswerKind.Number, 0).Answer);
    }

    [Fact]
    public void Unclosed_answer_tag_is_a_flagged_fallback()
    {
        var found = AnswerExtractor.Flexible("Working done. <answer>42", AnswerKind.Text, 0);
        Assert.Equal(new Extraction("42", ExtractionMethod.UnclosedAnswerTag, true), found);
        Assert.Equal(Extraction.None, AnswerExtractor.Strict("Working done. <answer>42", AnswerFormats.AnswerTag));
        Assert.Equal("pick up a\nstack a on b",
            AnswerExtractor.Flexible("Plan: <answer>\npick up a\nstack a on b\n", AnswerKind.Plan, 0).Answer);
        Assert.Equal("42", AnswerExtractor.Flexible("<answer>42\nbecause six sevens", AnswerKind.Number, 0).Answer);
    }

    [Fact]
    public void Fallbacks_follow_the_answer_kind()
    {
        Assert.Equal(new Extraction("B", ExtractionMethod.LastOptionLetter, true),
            AnswerExtractor.Flexible("A whale breathes air, so B", AnswerKind.Choice, 4));
        Assert.Equal(Extraction.None, AnswerExtractor.Flexible("It has 4 legs", AnswerKind.Text, 0));
        Assert.Equal(Extraction.None, AnswerExtractor.Flexible("A whale, I think", AnswerKind.Choice, 4));
    }

    [Fact]
    public void Strict_counts_only_the_requested_formats()
    {
        Assert.Equal(Extraction.None, AnswerExtractor.Strict(@"\boxed{5}", AnswerFormats.AnswerTag));
        Assert.Equal("5", AnswerExtractor.Strict(@"\boxed{5}", AnswerFormats.AnswerTag | AnswerFormats.Boxed).Answer);
        Assert.Equal(Extraction.None, AnswerExtractor.Strict("The answer is 5.", AnswerFormats.AnswerTag | AnswerFormats.Boxed));
        Assert.Equal("6", AnswerExtractor.Strict(@"\boxed{5} <answer>6</answer>", AnswerFormats.AnswerTag | AnswerFormats.Boxed).Answer);
    }
}
