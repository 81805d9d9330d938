using System.Text.Json;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;
using Platform.Evaluation.Running;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Scoring.Checkers;
using Platform.Evaluation.Solving;
using Platform.Worker.Evaluation;
using StoredVerdict = Platform.Data.Entities.Verdict;

namespace Platform.Worker.Tests.Evaluation;

public sealed class StoredResultsTests
{
    private static readonly Item Question = new("q-1", 2, "What is 6 times 7?", "42", Item.NoChoices, Item.NoMetadata);

    private static ItemRecord Solved(string output)
    {
        var request = new GenerateRequest([new ChatMessage(ChatRole.User, Question.Question)], SamplingSettings.Greedy);
        var completion = new Completion(output, 11, 5, false, TimeSpan.FromMilliseconds(30));
        var score = Scorer.Score(Question, AnswerKind.Number, output, false, AnswerFormats.AnswerTag, AnswerCheckers.Number);
        var state = TaskState.Start(Question, TaskType.Arithmetic, AnswerKind.Number, SamplingSettings.Greedy)
            .Record(new Exchange("answer", request, [completion]));
        return ItemRecord.From(new ItemResult(Question, score, state, 11, 5, TimeSpan.FromMilliseconds(40), null));
    }

    [Fact]
    public void A_scored_item_maps_onto_a_result_row_with_its_verdicts_answers_and_transcript()
    {
        var row = StoredResults.ToItemResult(Solved("6 x 7 is 42. <answer>42</answer>"), runId: 5, suiteItemId: 9, DateTimeOffset.UnixEpoch);

        Assert.Equal((5, 9, 0), (row.RunId, row.ItemId, row.SampleIndex));
        Assert.Equal(StoredVerdict.Correct, row.VerdictStrict);
        Assert.Equal(StoredVerdict.Correct, row.VerdictFlexible);
        Assert.Equal("42", row.ExtractedAnswerStrict);
        Assert.Equal("AnswerTag", row.ExtractionMethod);
        Assert.Equal("6 x 7 is 42. <answer>42</answer>", row.RawOutput);
        Assert.Equal((11, 5, 40.0), (row.TokensIn, row.TokensOut, row.LatencyMs));
        Assert.Equal($"{AnswerExtractor.Version}+{AnswerCheckers.Number.Version}", row.ScorerVersion);
        Assert.Null(row.Error);
        using var transcript = JsonDocument.Parse(row.TranscriptJson);
        Assert.Equal("answer", transcript.RootElement[0].GetProperty("step").GetString());
        Assert.Contains("<answer>42</answer>", row.TranscriptJson);
    }

    [Fact]
    public void A_fallback_answer_is_flexibly_judged_and_strictly_no_answer()
    {
        var row = StoredResults.ToItemResult(Solved("I think it is 41"), 1, 1, DateTimeOffset.UnixEpoch);

        Assert.Equal(StoredVerdict.NoAnswer, row.VerdictStrict);
        Assert.Equal(StoredVerdict.Incorrect, row.VerdictFlexible);
        Assert.Null(row.ExtractedAnswerStrict);
        Assert.Equal("41", row.ExtractedAnswerFlexible);
    }

    [Fact]
    public void A_failed_item_keeps_its_error()
    {
        var completed = Solved("first step").Exchanges;
        var record = ItemRecord.From(new ItemResult(Question, null, null, 11, 5, TimeSpan.Zero,
            new ItemError("LlamaException", "prompt too long", completed)));

        var row = StoredResults.ToItemResult(record, 1, 1, DateTimeOffset.UnixEpoch);

        Assert.Equal("LlamaException: prompt too long", row.Error);
        Assert.Equal(StoredVerdict.NoAnswer, row.VerdictFlexible);
        Assert.Equal(completed, record.Exchanges);
        Assert.Empty(record.Error!.CompletedCalls);
        Assert.Contains("first step", row.TranscriptJson);
        Assert.Equal(5, row.TokensOut);
    }
}
