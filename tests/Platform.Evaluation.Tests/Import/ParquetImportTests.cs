using System.Text.Json.Serialization;
using Parquet.Serialization;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Datasets.Import;

namespace Platform.Evaluation.Tests.Import;

/// <summary>Parquet files as the Hugging Face hub serves them, written by each test with the layout of the hub's copy.</summary>
public class ParquetImportTests
{
    private static MemoryStream Parquet<T>(IEnumerable<T> rows)
    {
        var stream = new MemoryStream();
        ParquetSerializer.SerializeAsync(rows, stream).GetAwaiter().GetResult();
        stream.Position = 0;
        return stream;
    }

    private static Suite Imported<T>(IEnumerable<T> rows, ImportFormat format, ImportOptions? options = null)
    {
        var report = SuiteImporter.Import(Parquet(rows), format, options);
        Assert.True(report.Succeeded, report.Summary());
        Assert.All(report.Suite!.Items, i => Assert.True(report.Suite.Checker.Check(i, i.Target).IsCorrect, i.Id));
        return report.Suite;
    }

    private sealed class Gsm8kRow
    {
        [JsonPropertyName("question")] public string? Question { get; set; }
        [JsonPropertyName("answer")] public string? Answer { get; set; }
    }

    private sealed class Choices
    {
        [JsonPropertyName("label")] public List<string> Label { get; set; } = [];
        [JsonPropertyName("text")] public List<string> Text { get; set; } = [];
    }

    private sealed class CommonsenseRow
    {
        [JsonPropertyName("id")] public string Id { get; set; } = "";
        [JsonPropertyName("question")] public string Question { get; set; } = "";
        [JsonPropertyName("choices")] public Choices Choices { get; set; } = new();
        [JsonPropertyName("answerKey")] public string AnswerKey { get; set; } = "";
    }

    private sealed class LogiQaRow
    {
        [JsonPropertyName("context")] public string Context { get; set; } = "";
        [JsonPropertyName("query")] public string Query { get; set; } = "";
        [JsonPropertyName("options")] public List<string> Options { get; set; } = [];
        [JsonPropertyName("correct_option")] public int CorrectOption { get; set; }
    }

    private sealed class AimeRow
    {
        [JsonPropertyName("problem")] public string Problem { get; set; } = "";
        [JsonPropertyName("answer")] public int Answer { get; set; }
    }

    private sealed class Game24Row
    {
        public int Rank { get; set; }
        public string Puzzles { get; set; } = "";
    }

    private sealed class QuizRow
    {
        [JsonPropertyName("prompt")] public string Prompt { get; set; } = "";
        [JsonPropertyName("expected")] public string Expected { get; set; } = "";
        [JsonPropertyName("difficulty")] public int Difficulty { get; set; }
    }

    [Fact]
    public void Gsm8k_parquet_is_read_like_its_json_lines()
    {
        var suite = Imported(
            [new Gsm8kRow { Question = "Ann has 3 pens and buys 4. How many?", Answer = "3 + 4 = 7\n#### 7" },
             new Gsm8kRow { Question = "A farm has 1,200 hens.", Answer = "1200 + 550 = 1750\n#### 1,750" }],
            ImportFormat.Gsm8k);

        Assert.Equal(["7", "1750"], suite.Items.Select(i => i.Target));
        Assert.Equal("gsm8k-000001", suite.Items[0].Id);
        var jsonl = Samples.FromText(
            "{\"question\": \"Ann has 3 pens and buys 4. How many?\", \"answer\": \"3 + 4 = 7\\n#### 7\"}\n" +
            "{\"question\": \"A farm has 1,200 hens.\", \"answer\": \"1200 + 550 = 1750\\n#### 1,750\"}\n", ImportFormat.Gsm8k);
        Assert.Equal(jsonl.Suite!.ContentHash, suite.ContentHash);
    }

    [Fact]
    public void CommonsenseQa_parquet_reads_the_hub_layout_with_choice_structs()
    {
        var item = Imported(
            [new CommonsenseRow
            {
                Id = "q-1", Question = "Where would you leave a wet umbrella?", AnswerKey = "C",
                Choices = new Choices { Label = ["A", "B", "C"], Text = ["kitchen", "oven", "coat rack"] },
            }],
            ImportFormat.CommonsenseQa).Items.Single();

        Assert.Equal(["kitchen", "oven", "coat rack"], item.Choices);
        Assert.Equal("C", item.Target);
        Assert.Equal("q-1", item.Metadata["source-id"]);
    }

    [Fact]
    public void LogiQa_aime_game24_and_generic_parquet_files_import()
    {
        var logic = Imported(
            [new LogiQaRow { Context = "All lamps in the hall are blue.", Query = "Which follows?", Options = ["a", "b", "c", "d"], CorrectOption = 2 }],
            ImportFormat.LogiQa);
        Assert.Equal("C", logic.Items.Single().Target);
        Assert.Equal("All lamps in the hall are blue.\nWhich follows?", logic.Items.Single().Question);

        Assert.Equal(["16"], Imported([new AimeRow { Problem = "Find x.", Answer = 16 }], ImportFormat.Aime).Items.Select(i => i.Target));
        Assert.Equal("4 4 6 8", Imported([new Game24Row { Rank = 1, Puzzles = "4 4 6 8" }], ImportFormat.Game24Csv).Items.Single().Metadata["numbers"]);

        var mapping = new FieldMapping("prompt", "expected", AnswerKind.Number, TaskType.Math, LevelField: "difficulty");
        var quiz = Imported([new QuizRow { Prompt = "2 + 2?", Expected = "4", Difficulty = 3 }], ImportFormat.GenericJsonl,
            new ImportOptions { Mapping = mapping, Name = "quiz" });
        Assert.Equal((3, "4"), (quiz.Items.Single().Level, quiz.Items.Single().Target));
    }

    [Fact]
    public void Bad_rows_are_reported_by_row_number_and_refuse_the_file()
    {
        var report = SuiteImporter.Import(Parquet(
            [new Gsm8kRow { Question = "Fine?", Answer = "#### 3" },
             new Gsm8kRow { Question = "No marker", Answer = "it is 4" },
             new Gsm8kRow { Question = null, Answer = "#### 5" }]), ImportFormat.Gsm8k);

        Assert.False(report.Succeeded);
        Assert.Equal([2, 3], report.Problems.Select(p => p.Line));
        Assert.Contains("no final '#### <number>' line", report.Problems[0].Reason);
        Assert.Contains("missing field 'question'", report.Problems[1].Reason);
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_read_too_and_a_broken_parquet_file_is_refused_with_a_reason()
    {
        var bytes = Parquet([new AimeRow { Problem = "Find x.", Answer = 7 }]).ToArray();
        var report = SuiteImporter.Import(new ForwardOnlyStream(bytes), ImportFormat.Aime);
        Assert.True(report.Succeeded, report.Summary());

        var broken = SuiteImporter.Import(new MemoryStream(bytes[..(bytes.Length / 2)]), ImportFormat.Aime);
        Assert.False(broken.Succeeded);
        Assert.Contains("cannot be read as Parquet", broken.Summary());
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
