using System.Text.Json;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Scoring;
using Platform.Gguf;
using Platform.Jobs.Catalog;
using Platform.Worker.Evaluation;

namespace Platform.Cli.Tests.Commands;

/// <summary>Runs <c>eval</c> on the tiny generated model once per style, and a second time with the same seed.</summary>
public sealed class EvalRunsFixture : IAsyncLifetime
{
    public const int Seed = 7;
    public const int Limit = 3;
    public const int MaxTokens = 24;

    public string Directory { get; } = TestFiles.NewDirectory();

    public Dictionary<string, CliRunner.Result> Results { get; } = [];

    public string LogPath(string run) => Path.Combine(Directory, run + ".jsonl");

    public async Task InitializeAsync()
    {
        foreach (var (run, style) in new[] { ("direct", "direct"), ("cot", "cot"), ("direct-again", "direct") })
        {
            Results[run] = await CliRunner.RunAsync(
                "eval", "--model", TestFiles.TinyModel, "--suite", "arithmetic", "--style", style,
                "--limit", $"{Limit}", "--seed", $"{Seed}", "--max-tokens", $"{MaxTokens}", "--parallel", "4", "--out", LogPath(run));
        }
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class EvalCommandTests(EvalRunsFixture runs) : IClassFixture<EvalRunsFixture>
{
    private static readonly Suite Arithmetic = SuiteCatalog.BuiltIn("arithmetic", EvalRunsFixture.Seed);

    [Theory]
    [InlineData("direct")]
    [InlineData("cot")]
    public async Task Header_pins_model_suite_style_seed_and_decoding(string style)
    {
        Assert.True(runs.Results[style].ExitCode == 0, runs.Results[style].Error);
        var log = await RunLog.ReadAsync(runs.LogPath(style));
        var header = log.Header;

        Assert.Equal(EvaluationHeader.CurrentFormat, header.Format);
        Assert.Equal(await ModelFileHash.HashAsync(TestFiles.TinyModel), header.Model.Sha256);
        Assert.Equal(Hashing.Sha256Hex(TestModelGenerator.ChatMlTemplate), header.Model.ChatTemplateHash);
        Assert.Equal("arithmetic", header.Run.Suite);
        Assert.Equal(Arithmetic.Version, header.Run.SuiteVersion);
        Assert.Contains("seed=7", header.Run.SuiteVersion);
        Assert.Equal(Arithmetic.ContentHash, header.Run.SuiteContentHash);
        Assert.Equal(style, header.Run.Style);
        Assert.Equal("1", header.Run.StyleVersion);
        Assert.Equal((ulong)EvalRunsFixture.Seed, header.Seed);
        Assert.Equal((ulong)EvalRunsFixture.Seed, header.Run.Sampling.Seed);
        Assert.Equal(EvalRunsFixture.MaxTokens, header.Run.Sampling.MaxTokens);
        Assert.Equal(0f, header.Run.Sampling.Temperature);
        Assert.Equal(EvalRunsFixture.Limit, header.Limit);
        Assert.Equal(4, header.Engine.Sequences);
        Assert.Equal(AnswerExtractor.Version, header.ExtractorVersion);
    }

    [Theory]
    [InlineData("direct")]
    [InlineData("cot")]
    public async Task One_line_per_item_with_consistent_hashes_and_verdicts_that_rescoring_reproduces(string style)
    {
        var log = await RunLog.ReadAsync(runs.LogPath(style));

        Assert.Equal(EvalRunsFixture.Limit + 1, File.ReadAllLines(runs.LogPath(style)).Length);
        // The first items of the suite, one from each of the first levels.
        Assert.Equal(Arithmetic.Items.Take(EvalRunsFixture.Limit).Select(i => i.Id), log.Items.Select(i => i.ItemId).Order());
        Assert.Equal([1, 2, 3], log.Items.Select(i => i.Level).Order());
        foreach (var record in log.Items)
        {
            var item = Arithmetic.Items.Single(i => i.Id == record.ItemId);
            Assert.Null(record.Error);
            Assert.Equal(item.ContentHash, record.ItemHash);
            Assert.Equal(Hashing.Sha256Hex(item.Target), record.TargetHash);
            Assert.Equal(ItemRecord.PromptHashOf(record.Exchanges), record.PromptHash);
            var exchange = Assert.Single(record.Exchanges);
            Assert.Contains(item.Question, exchange.Request.Messages[^1].Content);
            var score = record.Score!;
            Assert.Equal(exchange.Completions[0].Text, score.RawOutput);
            Assert.InRange(record.OutputTokens, 1, EvalRunsFixture.MaxTokens);

            var rescored = RunRescorer.Rescore(record, log.Header.Run).Score!;
            Assert.Equal(score.Strict, rescored.Strict);
            Assert.Equal(score.Flexible, rescored.Flexible);
            Assert.Equal(score.StrictExtraction, rescored.StrictExtraction);
            Assert.Equal(score.FlexibleExtraction, rescored.FlexibleExtraction);
        }
    }

    [Fact]
    public async Task Two_runs_with_the_same_seed_ask_the_same_items_with_the_same_prompts_and_targets()
    {
        var first = await RunLog.ReadAsync(runs.LogPath("direct"));
        var second = await RunLog.ReadAsync(runs.LogPath("direct-again"));

        static IEnumerable<string> Hashes(RunLogContent log) =>
            log.Items.OrderBy(i => i.ItemId).Select(i => $"{i.ItemId} {i.ItemHash} {i.PromptHash} {i.TargetHash}");
        Assert.Equal(Hashes(first), Hashes(second));
        Assert.Equal(first.Header.ConfigHash, second.Header.ConfigHash);

        var cot = await RunLog.ReadAsync(runs.LogPath("cot"));
        Assert.NotEqual(first.Header.ConfigHash, cot.Header.ConfigHash);
        Assert.NotEqual(first.Items.Select(i => i.PromptHash).Order(), cot.Items.Select(i => i.PromptHash).Order());
    }

    [Fact]
    public void Prints_a_results_table_with_wilson_intervals_per_level_and_progress_on_stderr()
    {
        var result = runs.Results["cot"];

        var lines = result.Out.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("level", StringComparison.Ordinal) && l.Contains("95% CI") && l.Contains("tok/correct"));
        Assert.Contains(lines, l => l.StartsWith("all ", StringComparison.Ordinal) && l.Contains(" 3 "));
        Assert.Equal(3, lines.Count(l => l.Length > 0 && char.IsDigit(l[0])));
        Assert.Contains($"{EvalRunsFixture.Limit}/{EvalRunsFixture.Limit} items", result.Error);
        Assert.Contains("tok/s", result.Error);
    }

    [Fact]
    public async Task Resume_keeps_the_finished_items_and_runs_only_the_rest()
    {
        var path = Path.Combine(runs.Directory, "resumed.jsonl");
        var lines = File.ReadAllLines(runs.LogPath("direct"));
        File.WriteAllLines(path, lines.Take(2)); // the header and one finished item

        var result = await CliRunner.RunAsync(
            "eval", "--model", TestFiles.TinyModel, "--suite", "arithmetic", "--style", "direct",
            "--limit", $"{EvalRunsFixture.Limit}", "--seed", $"{EvalRunsFixture.Seed}", "--max-tokens", $"{EvalRunsFixture.MaxTokens}",
            "--parallel", "4", "--out", path, "--resume");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("resuming with 1 item(s) already done", result.Error);
        var log = await RunLog.ReadAsync(path);
        Assert.Equal(lines[1], File.ReadAllLines(path)[1]);
        Assert.Equal(EvalRunsFixture.Limit, log.Items.Select(i => i.ItemId).Distinct().Count());
        Assert.Equal(EvalRunsFixture.Limit, log.Items.Count);
    }

    [Fact]
    public async Task Resume_refuses_a_log_of_another_configuration()
    {
        var path = Path.Combine(runs.Directory, "other.jsonl");
        File.Copy(runs.LogPath("cot"), path);

        var result = await CliRunner.RunAsync(
            "eval", "--model", TestFiles.TinyModel, "--suite", "arithmetic", "--style", "direct",
            "--limit", $"{EvalRunsFixture.Limit}", "--seed", $"{EvalRunsFixture.Seed}", "--max-tokens", $"{EvalRunsFixture.MaxTokens}",
            "--out", path, "--resume");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("another configuration", result.Error);
        Assert.Equal(File.ReadAllBytes(runs.LogPath("cot")), File.ReadAllBytes(path));
    }

    [Fact]
    public async Task A_paraphrase_is_recorded_in_the_header_and_its_hash_and_one_the_style_lacks_is_refused()
    {
        var path = Path.Combine(runs.Directory, "cot-paraphrase-1.jsonl");
        var result = await CliRunner.RunAsync(
            "eval", "--model", TestFiles.TinyModel, "--suite", "arithmetic", "--style", "cot", "--paraphrase", "1",
            "--limit", $"{EvalRunsFixture.Limit}", "--seed", $"{EvalRunsFixture.Seed}", "--max-tokens", $"{EvalRunsFixture.MaxTokens}",
            "--parallel", "4", "--out", path);

        Assert.True(result.ExitCode == 0, result.Error);
        var own = (await RunLog.ReadAsync(runs.LogPath("cot"))).Header;
        var reworded = (await RunLog.ReadAsync(path)).Header;
        Assert.Equal((0, 1), (own.Run.StyleParaphrase, reworded.Run.StyleParaphrase));
        Assert.NotEqual(own.ConfigHash, reworded.ConfigHash);

        var refused = await CliRunner.RunAsync(
            "eval", "--model", TestFiles.TinyModel, "--suite", "arithmetic", "--style", "tot", "--paraphrase", "3", "--limit", "1");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("paraphrase 0 to 2", refused.Error);
    }

    [Fact]
    public async Task An_existing_log_is_never_overwritten_without_resume()
    {
        var path = Path.Combine(runs.Directory, "kept.jsonl");
        File.Copy(runs.LogPath("direct"), path);

        var result = await CliRunner.RunAsync(
            "eval", "--model", TestFiles.TinyModel, "--suite", "arithmetic", "--style", "direct", "--limit", "1", "--out", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("already exists", result.Error);
        Assert.Equal(File.ReadAllBytes(runs.LogPath("direct")), File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Rescore_of_an_unchanged_log_changes_nothing_and_reports_the_counts()
    {
        var log = await RunLog.ReadAsync(runs.LogPath("cot"));
        var noAnswer = log.Items.Count(i => i.Score!.Flexible == Verdict.NoAnswer);

        var result = await CliRunner.RunAsync("rescore", runs.LogPath("cot"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("No verdict changed.", result.Out);
        var row = result.Out.Split('\n').Single(l => l.StartsWith("NoAnswer", StringComparison.Ordinal));
        var counts = row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Select(int.Parse).ToArray();
        Assert.Equal(noAnswer, counts[2]);
        Assert.Equal(counts[2], counts[3]);
        Assert.Equal(counts[0], counts[1]);
    }

    [Fact]
    public async Task Rescore_judges_stored_outputs_again_and_writes_the_new_verdicts()
    {
        var source = await RunLog.ReadAsync(runs.LogPath("direct"));
        var path = Path.Combine(runs.Directory, "edited.jsonl");
        var rescoredPath = Path.Combine(runs.Directory, "rescored.jsonl");
        // An output that does hold the right answer, stored with the verdict an older extractor might have given.
        var first = source.Items[0];
        var edited = first with
        {
            Score = first.Score! with
            {
                RawOutput = $"Reasoning... <answer>{first.Item.Target}</answer>",
                Truncated = false,
                Strict = Verdict.NoAnswer,
                Flexible = Verdict.NoAnswer,
            },
        };
        // An output cut by the token limit, whose stray last number an older extractor took as a wrong answer.
        var second = source.Items[1];
        var cut = second with
        {
            Score = second.Score! with
            {
                RawOutput = "Step 1: 17 + 25 = 42. Step 2: 42 - 9 = 3",
                Truncated = true,
                Strict = Verdict.NoAnswer,
                StrictExtraction = Extraction.None,
                Flexible = Verdict.Incorrect,
                FlexibleExtraction = new Extraction("3", ExtractionMethod.LastNumber, true),
            },
        };
        await using (var writer = await RunLogWriter.CreateAsync(path, source.Header))
        {
            await writer.WriteAsync(edited);
            await writer.WriteAsync(cut);
            foreach (var record in source.Items.Skip(2))
            {
                await writer.WriteAsync(record);
            }
        }

        var result = await CliRunner.RunAsync("rescore", path, "--out", rescoredPath);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("2 item(s) changed verdict:", result.Out);
        Assert.Contains($"  {first.ItemId}: strict NoAnswer (nothing extracted) -> Correct ('{first.Item.Target}' by AnswerTag)", result.Out);
        Assert.Contains($"  {second.ItemId}: strict NoAnswer (nothing extracted); flexible Incorrect ('3' by LastNumber) -> NoAnswer (nothing extracted)", result.Out);
        var rescored = await RunLog.ReadAsync(rescoredPath);
        Assert.Equal(Verdict.Correct, rescored.Items[0].Score!.Strict);
        Assert.Equal(Verdict.Correct, rescored.Items[0].Score!.Flexible);
        Assert.Equal(first.Item.Target, rescored.Items[0].Score!.StrictExtraction.Answer);
        Assert.Equal(Verdict.NoAnswer, rescored.Items[1].Score!.Flexible);
        Assert.Equal(source.Items.Skip(2).Select(i => i.Score!.Flexible), rescored.Items.Skip(2).Select(i => i.Score!.Flexible));
    }

    [Fact]
    public async Task Rescore_explains_a_file_that_is_not_a_run_log()
    {
        var path = Path.Combine(runs.Directory, "not-a-log.jsonl");
        File.WriteAllText(path, "{\"hello\": 1}\n");

        var result = await CliRunner.RunAsync("rescore", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not-a-log.jsonl:1", result.Error);
        Assert.Contains("run header", result.Error);
    }

    [Fact]
    public void Log_lines_are_single_line_json_with_readable_text()
    {
        var lines = File.ReadAllLines(runs.LogPath("cot"));
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
        }
        Assert.Contains("<answer>", lines[1]);
    }
}
