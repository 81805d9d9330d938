namespace Platform.Cli.Tests.Commands;

/// <summary>Bad command lines are refused before any model is loaded, with a message and exit code 2.</summary>
public sealed class EvalArgumentTests
{
    private static Task<CliRunner.Result> Eval(params string[] extra) =>
        CliRunner.RunAsync(["eval", .. extra]);

    [Fact]
    public async Task Unknown_suite_is_a_usage_error_that_lists_the_suites()
    {
        var result = await Eval("--model", "m.gguf", "--suite", "chess", "--style", "cot");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no built-in suite 'chess'", result.Error);
        Assert.Contains("arithmetic", result.Error);
        Assert.Contains("usage: thoughtboard eval", result.Error);
    }

    [Fact]
    public async Task Bad_levels_are_a_usage_error()
    {
        var result = await Eval("--model", "m.gguf", "--suite", "game24@7", "--style", "cot");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("levels run from 1 to 5", result.Error);
    }

    [Fact]
    public async Task Unknown_style_is_a_usage_error_that_lists_the_styles()
    {
        var result = await Eval("--model", "m.gguf", "--suite", "arithmetic", "--style", "brainstorm");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown thinking style 'brainstorm'", result.Error);
        Assert.Contains("tot-experts", result.Error);
    }

    [Fact]
    public async Task Unknown_option_is_a_usage_error()
    {
        var result = await Eval("--model", "m.gguf", "--suite", "arithmetic", "--style", "cot", "--temprature", "0.5");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown option --temprature", result.Error);
    }

    [Theory]
    [InlineData("--limit", "0")]
    [InlineData("--samples", "many")]
    [InlineData("--temperature", "-1")]
    [InlineData("--parallel", "1000")]
    public async Task Out_of_range_numbers_are_usage_errors(string option, string value)
    {
        var result = await Eval("--model", "m.gguf", "--suite", "arithmetic", "--style", "cot", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Error);
    }

    [Fact]
    public async Task A_vote_tie_rule_must_be_first_or_none_and_needs_a_vote()
    {
        var unknown = await Eval("--model", "m.gguf", "--suite", "arithmetic", "--style", "cot", "--samples", "3", "--vote-ties", "random");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("The vote tie rule 'random' is not 'first'", unknown.Error);

        var noVote = await Eval("--model", "m.gguf", "--suite", "arithmetic", "--style", "cot", "--vote-ties", "none");
        Assert.Equal(2, noVote.ExitCode);
        Assert.Contains("--vote-ties applies to a vote", noVote.Error);
    }

    [Fact]
    public async Task Missing_required_option_is_a_usage_error()
    {
        var result = await Eval("--model", "m.gguf", "--style", "cot");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--suite is required", result.Error);
    }

    [Fact]
    public async Task Missing_model_file_exits_1_and_says_how_to_get_one()
    {
        var missing = Path.Combine(TestFiles.NewDirectory(), "nowhere.gguf");

        var result = await Eval("--model", missing, "--suite", "arithmetic", "--style", "cot", "--limit", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"'{missing}' does not exist", result.Error);
        Assert.Contains("demo-model", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task A_file_that_is_not_gguf_exits_1_with_a_clear_message()
    {
        var path = Path.Combine(TestFiles.NewDirectory(), "notes.gguf");
        File.WriteAllText(path, "these are not model weights");

        var result = await Eval("--model", path, "--suite", "arithmetic", "--style", "cot", "--limit", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("thoughtboard eval: ", result.Error);
        Assert.Contains("GGUF", result.Error);
        Assert.DoesNotContain("   at ", result.Error); // a message, not a stack trace
    }

    [Fact]
    public async Task Resume_without_out_is_a_usage_error()
    {
        var result = await Eval("--model", "m.gguf", "--suite", "arithmetic", "--style", "cot", "--resume");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--resume", result.Error);
    }

    [Theory]
    [InlineData("enable_thinking", "is NAME=VALUE")]
    [InlineData("bad-name=1", "is not a name")]
    [InlineData("messages=x", "set by the chat layer")]
    public async Task Bad_template_arguments_are_a_usage_error(string argument, string message)
    {
        var result = await Eval("--model", "m.gguf", "--suite", "arithmetic", "--style", "cot", "--template-arg", argument);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public async Task A_template_argument_given_twice_is_a_usage_error()
    {
        var result = await Eval("--model", "m.gguf", "--suite", "arithmetic", "--style", "cot",
            "--template-arg", "enable_thinking=false", "--template-arg", "enable_thinking=true");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("given twice", result.Error);
    }
}
