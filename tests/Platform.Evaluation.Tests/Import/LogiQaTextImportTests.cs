using Platform.Evaluation.Datasets.Import;
using static Platform.Evaluation.Tests.Import.Samples;

namespace Platform.Evaluation.Tests.Import;

/// <summary>LogiQA's release files (Train.txt, Eval.txt, Test.txt) under the same format name as its JSON lines.</summary>
public class LogiQaTextImportTests
{
    private static readonly string[] First =
    [
        "",
        "c",
        "Some Cantonese don't like chili, so some southerners don't like chili.",
        "Which of the following can guarantee the above argument?",
        "A.Some Cantonese love chili.",
        "B.Some people who like peppers are southerners.",
        "C.All Cantonese are southerners.",
        "D.Some Cantonese like neither peppers nor sweets.",
    ];

    private static readonly string[] Second =
    [
        "",
        "a",
        "Every violinist in the orchestra practises daily. Mara does not practise daily.",
        "Which must be true?",
        "A. Mara is not a violinist in the orchestra.",
        "B. Mara is a violinist.",
        "C. Mara plays the cello.",
        "D. No one practises daily.",
    ];

    [Fact]
    public void Release_text_records_become_lettered_choice_items()
    {
        var report = FromText(Lines([.. First, .. Second]), ImportFormat.LogiQa);

        Assert.True(report.Succeeded, report.Summary());
        var items = report.Suite!.Items;
        Assert.Equal(["logiqa-000001", "logiqa-000002"], items.Select(i => i.Id));
        Assert.Equal(["C", "A"], items.Select(i => i.Target));
        Assert.Equal("Some Cantonese don't like chili, so some southerners don't like chili.\nWhich of the following can guarantee the above argument?", items[0].Question);
        Assert.Equal(["Some Cantonese love chili.", "Some people who like peppers are southerners.", "All Cantonese are southerners.", "Some Cantonese like neither peppers nor sweets."], items[0].Choices);
        Assert.Equal("Mara is not a violinist in the orchestra.", items[1].Choices[0]);
        Assert.All(items, i => Assert.True(report.Suite.Checker.Check(i, i.Target).IsCorrect));
    }

    [Fact]
    public void The_same_questions_as_json_lines_give_the_same_items()
    {
        var text = FromText(Lines(Second), ImportFormat.LogiQa).Suite!;
        var json = FromText(
            "{\"context\": \"Every violinist in the orchestra practises daily. Mara does not practise daily.\", \"query\": \"Which must be true?\", " +
            "\"options\": [\"Mara is not a violinist in the orchestra.\", \"Mara is a violinist.\", \"Mara plays the cello.\", \"No one practises daily.\"], \"correct_option\": 0}\n",
            ImportFormat.LogiQa).Suite!;
        Assert.Equal(json.ContentHash, text.ContentHash);
    }

    [Fact]
    public void Malformed_records_are_refused_with_the_line_that_is_wrong()
    {
        string[] shortRecord = ["", "b", "Only a context line.", "A.one", "B.two", "C.three", "D.four"];
        string[] badLetter = ["", "e", "Context.", "Question?", "A.one", "B.two", "C.three", "D.four"];
        string[] badOption = ["", "a", "Context.", "Question?", "A.one", "B.two", "three", "D.four"];
        var report = FromText(Lines([.. First, .. shortRecord, .. badLetter, .. badOption]), ImportFormat.LogiQa);

        Assert.False(report.Succeeded);
        Assert.Equal(
            ["line 10: a LogiQA record has 7 lines (answer letter, context, question, options A. to D.); this one has 6",
             "line 17: the answer line 'e' is not one of the letters a-d",
             "line 30: expected option C ('C.' and its text), found 'three'"],
            report.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Skip_invalid_keeps_the_good_records_with_their_ids()
    {
        string[] badLetter = ["", "x", "Context.", "Question?", "A.one", "B.two", "C.three", "D.four"];
        var report = FromText(Lines([.. badLetter, .. Second]), ImportFormat.LogiQa, new ImportOptions { SkipInvalid = true });

        Assert.True(report.Succeeded, report.Summary());
        Assert.Equal("logiqa-000002", report.Suite!.Items.Single().Id);
        Assert.Equal(2, report.Problems.Single().Line);
    }
}
