using Platform.Cli.Evaluation;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Scoring;

namespace Platform.Cli.Tests.Commands;

public sealed class OutputFormatTests
{
    [Fact]
    public async Task Help_lists_every_command_first_on_its_line()
    {
        var result = await CliRunner.RunAsync("help");

        var firstWords = result.Out.Split('\n').Select(l => l.Trim().Split(' ')[0]).ToHashSet();
        Assert.Subset(firstWords, CommandLine.Commands.Select(c => c.Name).ToHashSet());
    }

    [Fact]
    public async Task Styles_lists_every_style_with_version_parameters_and_description()
    {
        var result = await CliRunner.RunAsync("styles");

        Assert.Equal(0, result.ExitCode);
        foreach (var name in Platform.Evaluation.Styles.StyleTable.Names)
        {
            Assert.Contains(result.Out.Split('\n'), l => l.StartsWith(name + " ", StringComparison.Ordinal) && l.Contains(" v1 "));
        }
        Assert.Contains("\"proposals\":3", result.Out);
        Assert.Contains("3 wordings (--paraphrase 0 to 2)", result.Out);
        Assert.Contains("--samples K", result.Out);
    }

    [Fact]
    public async Task Suites_lists_every_built_in_suite_with_its_kinds_and_five_levels()
    {
        var result = await CliRunner.RunAsync("suites");

        foreach (var generator in Platform.Evaluation.Datasets.Suites.BuiltInSuites.All.Values)
        {
            Assert.Contains($"  {generator.Name} v{generator.Version}  task {generator.TaskType}, answer {generator.AnswerKind}", result.Out);
            Assert.Contains($"    level 5: {generator.Levels[4].Meaning}", result.Out);
        }
    }

    [Fact]
    public void Results_table_shows_accuracy_with_wilson_intervals_overall_and_per_level()
    {
        ItemOutcome Outcome(int level, Verdict strict, Verdict flexible, int tokens) =>
            new($"i{level}-{tokens}", level, strict, flexible, tokens, TimeSpan.FromSeconds(2));
        var outcomes = new[]
        {
            Outcome(1, Verdict.Correct, Verdict.Correct, 100),
            Outcome(1, Verdict.NoAnswer, Verdict.Correct, 100),
            Outcome(2, Verdict.NoAnswer, Verdict.Incorrect, 200),
            Outcome(2, Verdict.Incorrect, Verdict.Incorrect, 200),
            new ItemOutcome("failed", 2, Verdict.NoAnswer, Verdict.NoAnswer, 0, TimeSpan.Zero, Failed: true),
        };
        using var writer = new StringWriter();

        ResultsTable.Write(writer, outcomes);

        var lines = writer.ToString().Split('\n');
        var all = lines.Single(l => l.StartsWith("all", StringComparison.Ordinal)).Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var strict = Statistics.WilsonInterval(1, 4);
        var flexible = Statistics.WilsonInterval(2, 4);
        Assert.Equal(["all", "4", "25.0%", $"[{strict.Lower * 100:0.0}%, {strict.Upper * 100:0.0}%]", "50.0%",
            $"[{flexible.Lower * 100:0.0}%, {flexible.Upper * 100:0.0}%]", "50.0% / 0.0%", "150.0", "300.0", "2.00 s"], all);
        Assert.Single(lines, l => l.StartsWith("1 ", StringComparison.Ordinal) && l.Contains("100.0%"));
        Assert.Single(lines, l => l.StartsWith("2 ", StringComparison.Ordinal) && l.Contains(" - "));
        Assert.Contains("1 item(s) failed", writer.ToString());
    }

    [Fact]
    public void Progress_on_a_pipe_is_plain_lines_at_the_first_item_and_every_tenth_of_the_run()
    {
        using var writer = new StringWriter();
        var progress = new ProgressDisplay(writer, interactive: false, total: 20);

        for (var i = 0; i < 20; i++)
        {
            progress.ItemFinished(outputTokens: 50, failed: i == 3);
        }
        progress.Finish();

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length); // the first item, then every tenth
        Assert.DoesNotContain('\r', writer.ToString());
        Assert.Contains("20/20 items, 1 failed", lines[^1]);
        Assert.Contains("tok/s", lines[^1]);
        Assert.Contains("ETA 0m00s", lines[^1]);
    }
}
