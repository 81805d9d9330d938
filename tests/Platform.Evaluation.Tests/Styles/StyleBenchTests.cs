using System.Text.Json;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;
using Platform.Evaluation.Running;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;
using Platform.Evaluation.Tests.Fakes;

namespace Platform.Evaluation.Tests.Styles;

public class StyleBenchTests
{
    private static async Task<(ItemResult Result, GenerateRequest Request)> RunOne(string style, Suite suite, string reply)
    {
        var model = ScriptedModel.Always(reply);
        var result = await EvaluationRunner.SolveAsync(
            suite, StyleTable.Create(style), model.GenerateAsync, SamplingSettings.Greedy, suite.Items[0], CancellationToken.None);
        return (result, Assert.Single(model.Requests));
    }

    public static TheoryData<string, string> Instructions => new()
    {
        { "stylebench-cot", "Let's think step by step." },
        { "stylebench-tot", "Imagine three different experts are answering this question. All experts will write down 1 step" },
        { "stylebench-aot", "Forward Analysis- Think step-by-step to analyze the problem - do not suggest an answer.- Backtracking-" },
        { "stylebench-cod", "Think step by step, but only keep minimum draft for each thinking step, with 5 words at most." },
        { "stylebench-sot", "chunked symbolism" },
    };

    [Theory]
    [MemberData(nameof(Instructions))]
    public async Task System_message_is_description_then_strategy_then_format_block_and_user_message_is_question_then_reminder(
        string style, string instruction)
    {
        var suite = TestData.NumberSuite(1);
        var (result, request) = await RunOne(style, suite, "<think>6 x 7 = 42</think> <answer>42</answer>");

        var system = request.Messages[0];
        Assert.Equal(ChatRole.System, system.Role);
        Assert.StartsWith("You are a helpful assistant solving math problems, now I am giving you the problem in GSM8k.", system.Content);
        Assert.Contains(instruction, system.Content);
        Assert.EndsWith(StyleBench.FormatBlock, system.Content);
        Assert.True(system.Content.IndexOf(instruction, StringComparison.Ordinal) < system.Content.IndexOf("<think>", StringComparison.Ordinal));

        var user = request.Messages[^1];
        Assert.Equal(ChatRole.User, user.Role);
        Assert.Equal($"{suite.Items[0].Question} Only answer the number or the choices in the answer", user.Content);
        Assert.Equal(Verdict.Correct, result.Score!.Strict);
    }

    [Fact]
    public async Task Chain_of_draft_sends_the_four_protocol_examples_as_earlier_turns()
    {
        var (_, request) = await RunOne("stylebench-cod", TestData.NumberSuite(1), "<answer>42</answer>");

        Assert.Equal(1 + 2 * StyleBench.DraftExampleCount + 1, request.Messages.Count);
        var turns = request.Messages.Skip(1).Take(8).ToList();
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant],
            turns.Select(m => m.Role));
        Assert.StartsWith("2015 is coming in 36 hours.", turns[0].Content);
        Assert.Equal("<think> 21 - 15 = 6. </think>  <answer> 6 </answer>\n", turns[3].Content);
        Assert.Contains("Kyle Palmieri", turns[4].Content);
        Assert.Contains("Ka flips the coin", turns[6].Content);
    }

    [Fact]
    public async Task Game_of_24_asks_for_the_equation_and_a_choice_item_shows_its_lettered_options()
    {
        var puzzle = new Suite("g", "1", TaskType.Puzzle, AnswerKind.Expression, "", [new Item("p1", 1, "Use 4 4 6 8 to make 24.", "", Item.NoChoices, Item.NoMetadata)], new SimpleChecker());
        var (_, tot) = await RunOne("stylebench-tot", puzzle, "<answer>(8-6)*(4+4)... </answer>");
        Assert.EndsWith(" Only answer with the equation using the given four numbers to compute 24 in the answer", tot.Messages[^1].Content);
        Assert.StartsWith("The 24-Point Game", tot.Messages[0].Content);

        var (_, choice) = await RunOne("stylebench-cot", TestData.ChoiceSuite(), "<answer>B</answer>");
        Assert.Contains("Options:\nA) Shark\nB) Whale", choice.Messages[^1].Content);
        Assert.StartsWith("Commonsense Datasets are collections", choice.Messages[0].Content);
    }

    [Theory]
    [InlineData(TaskType.Math, 2048)]
    [InlineData(TaskType.Puzzle, 2048)]
    [InlineData(TaskType.Arithmetic, 512)]
    [InlineData(TaskType.Logic, 512)]
    [InlineData(TaskType.Planning, 512)]
    public void Decoding_defaults_give_long_outputs_to_competition_math_and_game_of_24(TaskType taskType, int expected)
    {
        Assert.Equal(expected, StyleTable.Create("stylebench-cot").DefaultMaxTokens(taskType));
        Assert.Equal(expected, StyleTable.Create("stylebench-aot", samples: 3).DefaultMaxTokens(taskType));
        Assert.Null(StyleTable.Create("cot").DefaultMaxTokens(taskType));
    }

    [Fact]
    public void Run_header_records_the_strategy_and_the_protocol_decoding()
    {
        var header = RunHeader.For(TestData.NumberSuite(1), StyleTable.Create("stylebench-sot"), SamplingSettings.Greedy);
        using var json = JsonDocument.Parse(header.ToJson());
        var parameters = json.RootElement.GetProperty("styleParameters");
        Assert.Equal("stylebench", parameters.GetProperty("style").GetString());
        Assert.Equal("SoT", parameters.GetProperty("strategy").GetString());
        var decoding = parameters.GetProperty("decoding");
        Assert.Equal(0, decoding.GetProperty("temperature").GetSingle());
        Assert.Equal(512, decoding.GetProperty("maxTokens").GetInt32());
        Assert.Equal(2048, decoding.GetProperty("longMaxTokens").GetInt32());
        Assert.Equal(8192, decoding.GetProperty("contextTokens").GetInt32());
        Assert.Equal("stylebench-sot", RunHeader.FromJson(header.ToJson()).Style);
        Assert.Equal(header.StyleParameters, RunHeader.FromJson(header.ToJson()).StyleParameters);
    }

    [Theory]
    [InlineData("Sort these numbers in ascending order: 9, 2, 7.", SketchParadigm.ExpertLexicons)]
    [InlineData("Blocks: C is on A. Goal: A on B. Give the plan.", SketchParadigm.ExpertLexicons)]
    [InlineData("Tom has 12 apples and buys 5 more. How many does he have?", SketchParadigm.ChunkedSymbolism)]
    [InlineData("What is 7*8?", SketchParadigm.ChunkedSymbolism)]
    [InlineData("Where would you leave a wet umbrella?", SketchParadigm.ConceptualChaining)]
    [InlineData("All zorps are wumpuses. Is Pim, a zorp, a wumpus?", SketchParadigm.ConceptualChaining)]
    public void Sketch_paradigm_is_chosen_per_question_by_the_documented_rule(string question, SketchParadigm expected)
    {
        var item = new Item("q", 1, question, "", Item.NoChoices, Item.NoMetadata);
        Assert.Equal(expected, StyleBenchSketch.ParadigmFor(item));
    }

    [Fact]
    public async Task Sketch_of_thought_records_the_paradigm_it_used()
    {
        var suite = TestData.NumberSuite(1);
        var (result, request) = await RunOne("stylebench-sot", suite, "<answer>42</answer>");
        Assert.Equal(new SketchTrace(SketchParadigm.ChunkedSymbolism), result.State!.Trace);
        Assert.Contains(StyleBenchSketch.Instruction(SketchParadigm.ChunkedSymbolism), request.Messages[0].Content);
    }
}
