using Platform.Evaluation.Datasets;
using Platform.Evaluation.Datasets.Import;
using static Platform.Evaluation.Tests.Import.Samples;

namespace Platform.Evaluation.Tests.Import;

public class FormatImportTests
{
    private static Suite Imported(string file, ImportFormat format, ImportOptions? options = null)
    {
        var report = SuiteImporter.Import(PathOf(file), format, options);
        Assert.True(report.Succeeded, report.Summary());
        Assert.Empty(report.Problems);
        Assert.All(report.Suite!.Items, i => Assert.True(report.Suite.Checker.Check(i, i.Target).IsCorrect, i.Id));
        return report.Suite;
    }

    [Fact]
    public void Gsm8k_reads_question_final_number_and_steps()
    {
        var suite = Imported("gsm8k.jsonl", ImportFormat.Gsm8k);
        Assert.Equal(("gsm8k", AnswerKind.Number, TaskType.Arithmetic), (suite.Name, suite.AnswerKind, suite.TaskType));
        Assert.Equal(2, suite.Items.Count);
        var first = suite.Items[0];
        Assert.Equal("gsm8k-000001", first.Id);
        Assert.StartsWith("A baker makes 12 loaves", first.Question);
        Assert.Equal("6", first.Target);
        Assert.Equal(1, first.Level); // 2 solution lines
        Assert.Equal("1750", suite.Items[1].Target); // "#### 1,750"
        Assert.Equal(3, suite.Items[1].Level); // 4 solution lines
        Assert.StartsWith("Hens lay", suite.Items[1].Metadata["rationale"]);
    }

    [Fact]
    public void CommonsenseQa_reads_stem_lettered_choices_and_answer_key()
    {
        var item = Imported("commonsenseqa.jsonl", ImportFormat.CommonsenseQa).Items.Single();
        Assert.Equal(["kitchen", "bathtub", "coat rack", "oven", "garden bed"], item.Choices);
        Assert.Equal("C", item.Target);
        Assert.Equal("q-001", item.Metadata["source-id"]);
        Assert.Equal("Where would you leave a wet umbrella when you come inside?", item.Question);
    }

    [Fact]
    public void LogiQa_reads_index_or_letter_answers_and_both_field_spellings()
    {
        var suite = Imported("logiqa.jsonl", ImportFormat.LogiQa);
        Assert.Equal(TaskType.Logic, suite.TaskType);
        Assert.Equal("B", suite.Items[0].Target); // "answer": 1, counted from 0
        Assert.Equal("Every violinist in the orchestra practises daily. Mara does not practise daily.\nWhich must be true?", suite.Items[0].Question);
        Assert.Equal("Mara is not a violinist in the orchestra.", suite.Items[0].Choices[1]);
        Assert.Equal("C", suite.Items[1].Target); // "correct_option": "C"
        Assert.Equal("7", suite.Items[0].Metadata["source-id"]);
    }

    [Fact]
    public void Aime_reads_problem_and_numeric_answer()
    {
        var suite = Imported("aime.jsonl", ImportFormat.Aime);
        Assert.Equal(["16", "1"], suite.Items.Select(i => i.Target));
        Assert.Equal("2031-I-1", suite.Items[0].Metadata["source-id"]);
        Assert.True(suite.Checker.Check(suite.Items[0], "16").IsCorrect);
        Assert.False(suite.Checker.Check(suite.Items[0], "15").IsCorrect);
    }

    [Fact]
    public void Game24_csv_reads_puzzles_and_sets_level_from_solution_count()
    {
        var suite = Imported("game24.csv", ImportFormat.Game24Csv);
        Assert.Equal(AnswerKind.Expression, suite.AnswerKind);
        Assert.Equal(["1 1 4 6", "3 3 8 8", "4 4 10 10"], suite.Items.Select(i => i.Metadata["numbers"]));
        Assert.Equal([1, 5, 5], suite.Items.Select(i => i.Level)); // 6, 1 and 1 distinct solutions
        Assert.True(suite.Checker.Check(suite.Items[1], "8/(3-8/3)").IsCorrect);
        Assert.Equal("game24-csv-000002", suite.Items[1].Id);
    }

    [Fact]
    public void Generic_csv_maps_columns_with_quoted_commas_and_line_breaks()
    {
        var mapping = new FieldMapping("prompt", "expected", AnswerKind.Choice, TaskType.Commonsense, ChoicesField: "options", LevelField: "difficulty");
        var suite = Imported("generic.csv", ImportFormat.GenericCsv, new ImportOptions { Mapping = mapping, Name = "quiz" });
        Assert.Equal("quiz", suite.Name);
        Assert.Equal(["B", "B"], suite.Items.Select(i => i.Target)); // "Mars" by text, "B" by letter
        Assert.Equal([1, 2], suite.Items.Select(i => i.Level));
        Assert.Equal("Pick the prime number, please:\n(only one is prime)", suite.Items[1].Question);
        Assert.Equal(["21", "23", "25"], suite.Items[1].Choices);
        Assert.Equal(["quiz-000001", "quiz-000002"], suite.Items.Select(i => i.Id));
    }

    [Fact]
    public void Generic_jsonl_reads_dotted_fields_and_choice_arrays()
    {
        var text = Lines(
            """{"meta": {"q": "2 + 2 * 3 = ?"}, "gold": 8, "lvl": 2}""",
            """{"meta": {"q": "10 / 4 = ?"}, "gold": "2.5", "lvl": "Level 4"}""");
        var mapping = new FieldMapping("meta.q", "gold", AnswerKind.Number, TaskType.Math, LevelField: "lvl");
        var report = FromText(text, ImportFormat.GenericJsonl, new ImportOptions { Mapping = mapping });
        Assert.True(report.Succeeded, report.Summary());
        Assert.Equal(["8", "2.5"], report.Suite!.Items.Select(i => i.Target));
        Assert.Equal([2, 4], report.Suite.Items.Select(i => i.Level));
        Assert.True(report.Suite.Checker.Check(report.Suite.Items[1], "5/2").IsCorrect);
    }

    [Fact]
    public void Generic_jsonl_choice_arrays_accept_strings_or_objects_with_text()
    {
        var text = Lines(
            """{"q": "Colour of the sky?", "a": "blue", "opts": ["green", "blue"]}""",
            """{"q": "Opposite of up?", "a": "a", "opts": [{"text": "down"}, {"text": "left"}]}""");
        var mapping = new FieldMapping("q", "a", AnswerKind.Choice, TaskType.Commonsense, ChoicesField: "opts");
        var report = FromText(text, ImportFormat.GenericJsonl, new ImportOptions { Mapping = mapping });
        Assert.True(report.Succeeded, report.Summary());
        Assert.Equal(["B", "A"], report.Suite!.Items.Select(i => i.Target));
        Assert.Equal(["down", "left"], report.Suite.Items[1].Choices);
    }
}
