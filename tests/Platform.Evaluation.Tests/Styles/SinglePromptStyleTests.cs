using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;
using Platform.Evaluation.Running;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;
using Platform.Evaluation.Tests.Fakes;

namespace Platform.Evaluation.Tests.Styles;

public class SinglePromptStyleTests
{
    private static readonly SamplingSettings Sampling = SamplingSettings.Greedy with { MaxTokens = 300, Seed = 7 };

    private static async Task<(ItemResult Result, GenerateRequest Request)> RunOne(ThinkingStyle style, Suite suite, string reply)
    {
        var model = ScriptedModel.Always(reply);
        var result = await EvaluationRunner.SolveAsync(suite, style, model.GenerateAsync, Sampling, suite.Items[0], CancellationToken.None);
        return (result, Assert.Single(model.Requests));
    }

    public static TheoryData<string, string> StyleMarkers => new()
    {
        { "direct", "nothing but the final answer" },
        { "cot", "step by step" },
        { "cod", "at most 5 words" },
        { "sot", "chunks of symbols" },
        { "aot", "Back up" },
        { "tot-experts", "panel of 3 independent experts" },
    };

    [Theory]
    [MemberData(nameof(StyleMarkers))]
    public async Task Style_sends_one_greedy_prompt_with_its_idea_and_the_answer_tag_request(string name, string marker)
    {
        var suite = TestData.NumberSuite(1);
        var (result, request) = await RunOne(StyleTable.Create(name), suite, "Some work. <answer>42</answer>");

        Assert.Equal(1, request.Samples);
        Assert.Equal(Sampling, request.Sampling);
        var prompt = string.Join("\n", request.Messages.Select(m => m.Content));
        Assert.Contains(marker, prompt);
        Assert.Contains(suite.Items[0].Question, ScriptedModel.LastUserMessage(request));
        Assert.Contains("<answer>17</answer>", ScriptedModel.LastUserMessage(request));

        Assert.Equal(Verdict.Correct, result.Score!.Strict);
        Assert.Equal("Some work. <answer>42</answer>", result.State!.Output);
        Assert.Equal(ChatRole.Assistant, result.State.Messages[^1].Role);
        Assert.Equal("answer", Assert.Single(result.State.Transcript).Step);
    }

    [Fact]
    public async Task Multiple_choice_items_show_lettered_options_and_ask_for_a_letter()
    {
        var (result, request) = await RunOne(StyleTable.Create("cot"), TestData.ChoiceSuite(), "Whales breathe air. <answer>B</answer>");
        var user = ScriptedModel.LastUserMessage(request);
        Assert.Contains("Options:\nA) Shark\nB) Whale\nC) Trout\nD) Eel", user);
        Assert.Contains("the letter of the correct option", user);
        Assert.Equal(Verdict.Correct, result.Score!.Strict);
    }

    [Fact]
    public async Task Chain_of_draft_sends_its_examples_as_earlier_turns_that_obey_the_word_limit()
    {
        var (_, request) = await RunOne(ChainOfDraft.Create(), TestData.NumberSuite(1), "<answer>42</answer>");
        Assert.Equal(
            [ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant, ChatRole.User],
            request.Messages.Select(m => m.Role));
        foreach (var example in request.Messages.Where(m => m.Role == ChatRole.Assistant))
        {
            var drafts = example.Content.Split('\n').TakeWhile(line => !line.StartsWith("<answer>", StringComparison.Ordinal));
            Assert.All(drafts, line => Assert.InRange(ScriptedModel.Words(line), 1, 5));
            Assert.NotNull(AnswerExtractor.LastAnswerTag(example.Content));
        }
    }

    [Fact]
    public async Task Chain_of_draft_example_count_and_word_limit_are_parameters()
    {
        var (_, request) = await RunOne(ChainOfDraft.Create(new ChainOfDraftParameters(MaxWordsPerStep: 3, FewShotExamples: 1)),
            TestData.NumberSuite(1), "<answer>42</answer>");
        Assert.Equal(4, request.Messages.Count);
        Assert.Contains("at most 3 words", request.Messages[0].Content);
        Assert.Throws<ArgumentOutOfRangeException>(() => ChainOfDraft.Create(new ChainOfDraftParameters(FewShotExamples: 9)));
    }

    [Theory]
    [InlineData(TaskType.Arithmetic, SketchParadigm.ChunkedSymbolism, "chunks of symbols")]
    [InlineData(TaskType.Commonsense, SketchParadigm.ConceptualChaining, "chain of key concepts")]
    [InlineData(TaskType.Planning, SketchParadigm.ExpertLexicons, "standard notation")]
    public async Task Sketch_of_thought_picks_its_paradigm_from_the_task_type(TaskType taskType, SketchParadigm paradigm, string marker)
    {
        var (result, request) = await RunOne(SketchOfThought.Create(), TestData.NumberSuite(1, taskType), @"p = 6 * 7 \boxed{42}");
        Assert.Contains(marker, request.Messages[0].Content);
        Assert.Equal(new SketchTrace(paradigm), result.State!.Trace);
        Assert.Equal(Verdict.Correct, result.Score!.Strict);
    }

    [Fact]
    public async Task Sketch_of_thought_paradigm_can_be_forced()
    {
        var style = SketchOfThought.Create(new SketchOfThoughtParameters(SketchParadigm.ExpertLexicons));
        var (result, request) = await RunOne(style, TestData.NumberSuite(1, TaskType.Arithmetic), "<answer>42</answer>");
        Assert.Contains("standard notation", request.Messages[0].Content);
        Assert.Equal(new SketchTrace(SketchParadigm.ExpertLexicons), result.State!.Trace);
    }

    [Fact]
    public async Task Boxed_answer_is_strict_only_for_sketch_of_thought()
    {
        var (cot, _) = await RunOne(ChainOfThought.Create(), TestData.NumberSuite(1), @"\boxed{42}");
        Assert.Equal((Verdict.NoAnswer, Verdict.Correct), (cot.Score!.Strict, cot.Score.Flexible));
    }

    [Fact]
    public async Task Every_style_prompt_is_built_from_the_item_alone()
    {
        var suite = TestData.NumberSuite(1);
        foreach (var name in StyleTable.Names.Where(n => n != TreeOfThought.Name))
        {
            var style = StyleTable.Create(name);
            var state = TaskState.Start(suite, suite.Items[0], Sampling);
            Assert.Equal(style.SinglePrompt!(state), style.SinglePrompt(state));
        }
        Assert.Null(StyleTable.Create("tot").SinglePrompt);
    }
}
