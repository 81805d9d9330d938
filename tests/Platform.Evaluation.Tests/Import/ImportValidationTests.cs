using System.Text;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Datasets.Import;
using static Platform.Evaluation.Tests.Import.Samples;

namespace Platform.Evaluation.Tests.Import;

public class ImportValidationTests
{
    private static readonly string Gsm8kWithBadLines = Lines(
        """{"question": "Ann has 3 pens and buys 4. How many?", "answer": "3 + 4 = 7\n#### 7"}""",
        """{"question": "Bo has 10 cards and loses 2. How many?", "answer": "10 - 2 = 8"}""",
        """{"question": "broken json", "answer": """,
        "",
        """{"answer": "#### 5"}""",
        """{"question": "Cy has 6 cups.", "answer": "#### unknown"}""",
        """["a", "list"]""",
        """{"question": "Di reads 5 pages a day for 4 days. How many pages?", "answer": "5 * 4 = 20\n#### 20"}""");

    [Fact]
    public void Every_bad_line_is_reported_with_its_number_and_no_suite_is_made()
    {
        var report = FromText(Gsm8kWithBadLines, ImportFormat.Gsm8k);
        Assert.False(report.Succeeded);
        Assert.Equal(
        [
            "line 2: 'answer' has no final '#### <number>' line",
            "line 3: not valid JSON",
            "line 5: missing field 'question'",
            "line 6: the final answer after '####' is not a number: 'unknown' contains no number",
            "line 7: expected a JSON object, found Array",
        ], report.Problems.Select(p => p.Line == 3 ? p.ToString()[..p.ToString().IndexOf(" (", StringComparison.Ordinal)] : p.ToString()));
        Assert.Contains("Import refused: 5 problem(s).", report.Summary());
    }

    [Fact]
    public void Skip_mode_imports_the_good_lines_and_lists_the_skipped_ones()
    {
        var report = FromText(Gsm8kWithBadLines, ImportFormat.Gsm8k, new ImportOptions { SkipInvalid = true });
        Assert.True(report.Succeeded);
        Assert.Equal(["7", "20"], report.Suite!.Items.Select(i => i.Target));
        Assert.Equal(["gsm8k-000001", "gsm8k-000007"], report.Suite.Items.Select(i => i.Id));
        Assert.Equal(5, report.Skipped);
        Assert.Equal([2, 3, 5, 6, 7], report.Problems.Select(p => p.Line));
        Assert.Contains("skipped 5:", report.Summary());
    }

    [Fact]
    public void Skip_mode_with_nothing_valid_still_makes_no_suite()
    {
        var report = FromText(Lines("""{"question": "q"}"""), ImportFormat.Gsm8k, new ImportOptions { SkipInvalid = true });
        Assert.False(report.Succeeded);
        Assert.Contains(report.Problems, p => p.Reason == "no valid records remain");
    }

    [Fact]
    public void Same_content_gives_the_same_hash_whatever_the_line_endings_or_path()
    {
        var lf = File.ReadAllText(PathOf("gsm8k.jsonl")).ReplaceLineEndings("\n");
        var crlf = lf.ReplaceLineEndings("\r\n");
        var fromFile = SuiteImporter.Import(PathOf("gsm8k.jsonl"), ImportFormat.Gsm8k).Suite!;
        var fromLf = FromText(lf, ImportFormat.Gsm8k).Suite!;
        var fromCrlf = FromText(crlf, ImportFormat.Gsm8k).Suite!;
        Assert.Equal(fromFile.ContentHash, fromLf.ContentHash);
        Assert.Equal(fromLf.ContentHash, fromCrlf.ContentHash);
        Assert.Equal(fromLf.Version, fromCrlf.Version);
        Assert.StartsWith("content-", fromLf.Version);

        var withBlankLines = FromText("\n" + lf.Replace("\n", "\n\n"), ImportFormat.Gsm8k).Suite!;
        Assert.Equal(fromLf.ContentHash, withBlankLines.ContentHash);

        var changed = FromText(lf.Replace("#### 6", "#### 7"), ImportFormat.Gsm8k).Suite!;
        Assert.NotEqual(fromLf.ContentHash, changed.ContentHash);
        Assert.NotEqual(fromLf.Version, changed.Version);
    }

    [Fact]
    public void Files_over_the_size_limit_are_refused_with_a_clear_message()
    {
        var report = SuiteImporter.Import(PathOf("gsm8k.jsonl"), ImportFormat.Gsm8k, new ImportOptions { MaxBytes = 100 });
        Assert.False(report.Succeeded);
        var reason = Assert.Single(report.Problems).Reason;
        Assert.Contains("larger than the import limit of 0 MiB", reason);
        Assert.Contains("split it into smaller files or raise the limit", reason);
    }

    [Fact]
    public void Streams_of_unknown_length_stop_at_the_size_limit()
    {
        var big = string.Concat(Enumerable.Repeat("""{"question": "q", "answer": "#### 1"}""" + "\n", 1000));
        using var stream = new UnseekableStream(Encoding.UTF8.GetBytes(big));
        var report = SuiteImporter.Import(stream, ImportFormat.Gsm8k, new ImportOptions { MaxBytes = 4096 });
        Assert.False(report.Succeeded);
        Assert.Contains("larger than the import limit", Assert.Single(report.Problems).Reason);
    }

    [Fact]
    public void Missing_files_empty_files_and_bad_encoding_are_refused()
    {
        Assert.Contains("does not exist", SuiteImporter.Import("/no/such/file.jsonl", ImportFormat.Aime).Problems.Single().Reason);
        Assert.Equal("the file holds no records", FromText("\n\n", ImportFormat.Aime).Problems.Single().Reason);
        var invalidUtf8 = new MemoryStream([0x7B, 0xFF, 0xFE, 0x7D, 0x0A]);
        Assert.Equal("the file is not valid UTF-8 text", SuiteImporter.Import(invalidUtf8, ImportFormat.Aime).Problems.Single().Reason);
    }

    [Fact]
    public void CommonsenseQa_without_answer_key_or_with_unknown_key_is_reported()
    {
        var text = Lines(
            """{"id": "x", "question": {"stem": "Q?", "choices": [{"label": "A", "text": "a"}, {"label": "B", "text": "b"}]}}""",
            """{"id": "y", "answerKey": "E", "question": {"stem": "Q?", "choices": [{"label": "A", "text": "a"}, {"label": "B", "text": "b"}]}}""",
            """{"id": "z", "answerKey": "A", "question": {"stem": "Q?", "choices": [{"label": "B", "text": "a"}, {"label": "A", "text": "b"}]}}""");
        var report = FromText(text, ImportFormat.CommonsenseQa);
        Assert.Equal(
        [
            "line 1: missing field 'answerKey'",
            "line 2: 'answerKey' is 'E', which is not one of the labels A-B",
            "line 3: choice labels must run A, B, C... in order; found 'B,A'",
        ], report.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void LogiQa_and_aime_bad_answers_are_reported()
    {
        var logiqa = FromText(Lines("""{"context": "c", "question": "q", "options": ["x", "y"], "answer": 2}"""), ImportFormat.LogiQa);
        Assert.Equal("line 1: the answer '2' is not an option index 0-1 or letter A-B", logiqa.Problems.Single().ToString());
        var aime = FromText(Lines("""{"problem": "p", "answer": "\\frac{1}{2} or 3"}"""), ImportFormat.Aime);
        Assert.StartsWith("line 1: 'answer' is not a number:", aime.Problems.Single().ToString());
    }

    [Fact]
    public void Game24_csv_reports_unsolvable_malformed_and_missing_column()
    {
        var csv = "Rank,Puzzles\n1,1 1 1 1\n2,1 2 3\n3,1 2 x 4\n4,\"3,3,8,8\"\n5,1 2 3\n";
        var report = FromText(csv, ImportFormat.Game24Csv);
        Assert.Equal(
        [
            "line 2: '1 1 1 1' cannot make 24",
            "line 3: Puzzles '1 2 3' has 3 numbers; a Game of 24 puzzle has 4",
            "line 4: 'x' in Puzzles is not a whole number from 1 to 100",
            "line 6: Puzzles '1 2 3' has 3 numbers; a Game of 24 puzzle has 4",
        ], report.Problems.Select(p => p.ToString()));

        var noColumn = FromText("Rank,Numbers\n1,1 1 4 6\n", ImportFormat.Game24Csv);
        Assert.Equal("line 1: the header lacks the column(s) 'Puzzles'; it has 'Rank', 'Numbers'", noColumn.Problems.Single().ToString());
    }

    [Fact]
    public void Csv_rows_with_the_wrong_field_count_or_an_unclosed_quote_are_reported()
    {
        var mapping = new FieldMapping("q", "a", AnswerKind.Text, TaskType.Commonsense);
        var options = new ImportOptions { Mapping = mapping };
        var report = FromText("q,a\nhello,world\nonly one field\n\"multi\nline\",ok,extra\n", ImportFormat.GenericCsv, options);
        Assert.Equal(["line 3: has 1 fields but the header has 2", "line 4: has 3 fields but the header has 2"], report.Problems.Select(p => p.ToString()));

        var unclosed = FromText("q,a\n\"never closed,x\n", ImportFormat.GenericCsv, options);
        Assert.Equal("line 2: a quoted field opened on line 2 is never closed", unclosed.Problems.Single().ToString());
    }

    [Fact]
    public void Generic_mapping_problems_are_refused_before_reading()
    {
        string Refusal(FieldMapping? mapping) =>
            FromText("{}\n", ImportFormat.GenericJsonl, new ImportOptions { Mapping = mapping }).Problems.Single().Reason;
        Assert.Contains("needs a field mapping", Refusal(null));
        Assert.Contains("cannot be imported generically", Refusal(new FieldMapping("q", "a", AnswerKind.Plan, TaskType.Planning)));
        Assert.Contains("need a choices field", Refusal(new FieldMapping("q", "a", AnswerKind.Choice, TaskType.Logic)));
        Assert.Contains("only makes sense for Choice", Refusal(new FieldMapping("q", "a", AnswerKind.Number, TaskType.Math, ChoicesField: "c")));
    }

    [Fact]
    public void Generic_records_with_bad_levels_answers_or_field_types_are_reported()
    {
        var mapping = new FieldMapping("q", "a", AnswerKind.Choice, TaskType.Logic, ChoicesField: "c", LevelField: "l");
        var text = Lines(
            """{"q": "Q", "a": "Z", "c": ["x", "y"], "l": 1}""",
            """{"q": "Q", "a": "x", "c": ["x", "y"], "l": 9}""",
            """{"q": {"nested": true}, "a": "x", "c": ["x", "y"], "l": 1}""",
            """{"q": "Q", "a": "x", "c": "x|y", "l": 1}""",
            """{"q": "Q", "a": "x", "c": ["only"], "l": 1}""");
        var report = FromText(text, ImportFormat.GenericJsonl, new ImportOptions { Mapping = mapping });
        Assert.Equal(
        [
            "line 1: answer 'Z' is neither an option letter A-B nor the text of an option",
            "line 2: level '9' is not a whole number from 1 to 5",
            "line 3: field 'q' is a JSON object, expected text or a number",
            "line 5: 'c' has 1 option(s); at least 2 are needed",
        ], report.Problems.Select(p => p.ToString()));
    }

    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
