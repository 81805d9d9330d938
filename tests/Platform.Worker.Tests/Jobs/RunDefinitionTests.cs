using System.Text.Json;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Styles;
using Platform.Jobs.Catalog;
using Platform.Jobs.Runs;
using Platform.Worker.Evaluation;
using Platform.Worker.Jobs;
using StoredStyle = Platform.Data.Entities.ThinkingStyle;

namespace Platform.Worker.Tests.Jobs;

public class RunDefinitionTests
{
    private static Run StoredRun(string style, TaskType taskType, string decoding)
    {
        var entry = StyleCatalog.StoredStyles.Single(s => s.Name == style);
        var suite = new BenchmarkSuite
        {
            Name = "s", Version = "1", TaskType = taskType.ToString(), AnswerKind = nameof(AnswerKind.Number), ContentHash = "h",
        };
        return new Run
        {
            ConfigHash = "c",
            Suite = suite,
            Style = new StoredStyle
            {
                Name = entry.Name, Version = entry.Style.Version,
                ParametersJson = JsonSerializer.Serialize(entry.Style.Parameters, WorkerEvaluationJson.Default.StyleParameters),
            },
            DecodingSettingsJson = decoding,
            Seed = 5,
        };
    }

    private static readonly SuiteItem[] Items =
        [new SuiteItem { Key = "i1", Prompt = "What is 2 + 2?", Target = "4", ContentHash = "x", Level = 1 }];

    [Theory]
    [InlineData("stylebench-cot", TaskType.Puzzle, 2048)]
    [InlineData("stylebench-cod", TaskType.Math, 2048)]
    [InlineData("stylebench-tot", TaskType.Arithmetic, 512)]
    [InlineData("cot", TaskType.Math, 512)]
    public void A_run_without_a_token_limit_takes_the_style_protocol_default(string style, TaskType taskType, int expected)
    {
        var definition = RunDefinition.From(StoredRun(style, taskType, "{}"), Items);

        Assert.Equal(style, definition.Style.Name);
        Assert.Equal(expected, definition.Sampling.MaxTokens);
        Assert.Equal(0, definition.Sampling.Temperature);
    }

    [Fact]
    public void A_run_with_a_paraphrase_builds_its_style_in_that_wording_and_a_missing_wording_fails_the_run()
    {
        var own = RunDefinition.From(StoredRun("cot", TaskType.Arithmetic, "{}"), Items);
        var second = RunDefinition.From(StoredRun("cot", TaskType.Arithmetic, """{"paraphrase": 2}"""), Items);
        var voted = RunDefinition.From(StoredRun("cot+sc5", TaskType.Arithmetic, """{"paraphrase": 1}"""), Items);

        Assert.Equal((0, 2, 1), (own.Style.Paraphrase, second.Style.Paraphrase, voted.Style.Paraphrase));
        var suite = own.Suite;
        var state = Platform.Evaluation.Solving.TaskState.Start(suite, suite.Items[0], own.Sampling);
        Assert.NotEqual(own.Style.SinglePrompt!(state)[0].Content, second.Style.SinglePrompt!(state)[0].Content);
        Assert.NotEqual(
            own.IdentityOn(new string('a', 64)),
            second.IdentityOn(new string('a', 64)));

        var missing = Assert.Throws<InvalidRunException>(() => RunDefinition.From(StoredRun("tot", TaskType.Arithmetic, """{"paraphrase": 3}"""), Items));
        Assert.Contains("paraphrase 0 to 2", missing.Message);
    }

    [Fact]
    public void A_token_limit_given_with_the_submission_wins_over_the_protocol()
    {
        var definition = RunDefinition.From(StoredRun("stylebench-aot", TaskType.Puzzle, """{"maxTokens": 100}"""), Items);

        Assert.Equal(100, definition.Sampling.MaxTokens);
        var parameters = Assert.IsType<StyleBenchParameters>(definition.Style.Parameters);
        Assert.Equal(StyleBenchStrategy.AoT, parameters.Strategy);
    }

    [Fact]
    public void Template_arguments_stored_with_the_settings_reach_the_definition_and_bad_ones_fail_the_run()
    {
        var definition = RunDefinition.From(StoredRun("direct", TaskType.Math, """{"templateArgs": {"enable_thinking": false}}"""), Items);
        Assert.False(definition.TemplateArgs["enable_thinking"].GetBoolean());
        Assert.Empty(RunDefinition.From(StoredRun("direct", TaskType.Math, "{}"), Items).TemplateArgs);

        var refused = Assert.Throws<InvalidRunException>(() =>
            RunDefinition.From(StoredRun("direct", TaskType.Math, """{"templateArgs": {"messages": []}}"""), Items));
        Assert.Contains("template arguments", refused.Message);
    }

    [Fact]
    public void A_stored_vote_keeps_its_tie_rule_and_an_unknown_rule_is_refused()
    {
        var run = StoredRun("cot", TaskType.Arithmetic, "{}");
        run.Style.Name = "cot+sc3";
        run.Style.ParametersJson = JsonSerializer.Serialize(
            StyleTable.Create("cot+sc3", tieRule: Platform.Evaluation.Metrics.VoteTieRule.None).Parameters, WorkerEvaluationJson.Default.StyleParameters);

        var parameters = Assert.IsType<SelfConsistencyParameters>(RunDefinition.From(run, Items).Style.Parameters);
        Assert.Equal(Platform.Evaluation.Metrics.VoteTieRule.None, parameters.TieRule);

        run.Style.ParametersJson = run.Style.ParametersJson.Replace("\"None\"", "\"coin-flip\"", StringComparison.Ordinal);
        var error = Assert.Throws<InvalidRunException>(() => RunDefinition.From(run, Items));
        Assert.Contains("'coin-flip' is not 'first'", error.Message);
    }
}
