using System.Collections.Concurrent;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Models;
using Platform.Evaluation.Running;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;
using Platform.Evaluation.Tests.Fakes;

namespace Platform.Evaluation.Tests.Running;

public class EvaluationRunnerTests
{
    private sealed class RecordingProgress : IProgress<RunProgress>
    {
        public ConcurrentQueue<RunProgress> Reports { get; } = new();

        public void Report(RunProgress value) => Reports.Enqueue(value);
    }

    private static string ItemIdOf(GenerateRequest request)
    {
        var user = ScriptedModel.LastUserMessage(request);
        var start = user.IndexOf('(', StringComparison.Ordinal) + 1;
        return user[start..user.IndexOf(')', start)];
    }

    [Fact]
    public async Task Many_items_are_in_flight_at_once_but_never_more_than_the_limit()
    {
        var model = new ScriptedModel((_, _) => "<answer>42</answer>") { Delay = TimeSpan.FromMilliseconds(40) };
        var suite = TestData.NumberSuite(200);
        var progress = new RecordingProgress();

        var results = await EvaluationRunner.RunAsync(suite, Direct.Create(), model, SamplingSettings.Greedy,
            new RunOptions(MaxConcurrency: 64), progress).ToListAsync();

        Assert.Equal(suite.Items.Select(i => i.Id).Order(), results.Select(r => r.Item.Id).Order());
        Assert.All(results, r => Assert.Equal(Verdict.Correct, r.Score!.Strict));
        Assert.InRange(model.MaxInFlight, 32, 64);
        Assert.Equal(new RunProgress(200, 200, 0, 0), progress.Reports.Last());
        Assert.Equal(new RunProgress(200, 0, 0, 0), progress.Reports.First());
    }

    [Fact]
    public async Task Results_carry_tokens_latency_and_the_transcript()
    {
        var model = ScriptedModel.Always("four words then <answer>42</answer>");
        var result = Assert.Single(await EvaluationRunner.RunAsync(TestData.NumberSuite(1), ChainOfThought.Create(), model, SamplingSettings.Greedy).ToListAsync());
        Assert.Equal(4, result.OutputTokens);
        Assert.True(result.PromptTokens > 0);
        Assert.True(result.Latency > TimeSpan.Zero);
        Assert.Equal(model.Requests[0], Assert.Single(result.State!.Transcript).Request);
        Assert.Equal(new ItemOutcome("n0", 1, Verdict.Correct, Verdict.Correct, 4, result.Latency), result.ToOutcome());
    }

    [Fact]
    public async Task Stored_results_rescore_to_the_same_scores_without_the_model()
    {
        var replies = new[] { "<answer>42</answer>", "so 42", "<answer>41</answer>", "no idea", @"\boxed{42}" };
        var model = new ScriptedModel((request, _) => replies[int.Parse(ItemIdOf(request)[1..], System.Globalization.CultureInfo.InvariantCulture)]);
        var suite = TestData.NumberSuite(5);
        var results = await EvaluationRunner.RunAsync(suite, Direct.Create(), model, SamplingSettings.Greedy).ToListAsync();
        var requests = model.Requests.Count;

        foreach (var result in results)
        {
            var rescored = Scorer.Rescore(result.Score!, result.Item, suite.AnswerKind, AnswerFormats.AnswerTag, suite.Checker);
            Assert.Equal(result.Score, rescored);
        }
        Assert.Equal(requests, model.Requests.Count);
        Assert.Equal(
            [(Verdict.Correct, Verdict.Correct), (Verdict.NoAnswer, Verdict.Correct), (Verdict.Incorrect, Verdict.Incorrect),
             (Verdict.NoAnswer, Verdict.NoAnswer), (Verdict.NoAnswer, Verdict.Correct)],
            results.OrderBy(r => r.Item.Id).Select(r => (r.Score!.Strict, r.Score.Flexible)));
    }

    [Fact]
    public async Task Done_items_are_skipped_on_resume()
    {
        var model = ScriptedModel.Always("<answer>42</answer>");
        var suite = TestData.NumberSuite(5);
        var progress = new RecordingProgress();
        var results = await EvaluationRunner.RunAsync(suite, Direct.Create(), model, SamplingSettings.Greedy,
            new RunOptions(DoneItemIds: new HashSet<string> { "n0", "n3" }), progress).ToListAsync();

        Assert.Equal(["n1", "n2", "n4"], results.Select(r => r.Item.Id).Order());
        Assert.Equal(["n1", "n2", "n4"], model.Requests.Select(ItemIdOf).Order());
        Assert.Equal(new RunProgress(3, 3, 0, 2), progress.Reports.Last());
    }

    [Fact]
    public async Task Failing_item_becomes_an_error_result_and_the_run_goes_on()
    {
        var model = new ScriptedModel((request, _) => ItemIdOf(request) == "n2"
            ? throw new InvalidOperationException("context overflow")
            : "<answer>42</answer>");
        var progress = new RecordingProgress();
        var results = await EvaluationRunner.RunAsync(TestData.NumberSuite(4), Direct.Create(), model, SamplingSettings.Greedy,
            progress: progress).ToListAsync();

        var failed = Assert.Single(results, r => r.Failed);
        Assert.Equal("n2", failed.Item.Id);
        Assert.Equal(("InvalidOperationException", "context overflow"), (failed.Error!.Type, failed.Error.Message));
        Assert.Empty(failed.Error.CompletedCalls);
        Assert.Null(failed.Score);
        Assert.True(failed.ToOutcome().Failed);
        Assert.Equal(3, results.Count(r => r.Score?.Strict == Verdict.Correct));
        Assert.Equal(new RunProgress(4, 4, 1, 0), progress.Reports.Last());
    }

    [Fact]
    public async Task Calls_completed_before_a_failure_are_kept_with_the_error()
    {
        var model = new ScriptedModel((request, sample) => request.Messages[0].Content.Contains("judge", StringComparison.Ordinal)
            ? throw new TimeoutException("rating timed out")
            : $"thought {sample}");
        var style = TreeOfThought.Create(new TreeOfThoughtParameters(Proposals: 2, Breadth: 1, Depth: 1));
        var result = Assert.Single(await EvaluationRunner.RunAsync(TestData.NumberSuite(1), style, model, SamplingSettings.Greedy).ToListAsync());

        Assert.Equal("rating timed out", result.Error!.Message);
        var proposal = Assert.Single(result.Error.CompletedCalls);
        Assert.Equal(2, proposal.Request.Samples);
        Assert.Equal(4, result.OutputTokens);
    }

    [Fact]
    public async Task Model_that_breaks_the_sample_contract_is_an_error_not_a_crash()
    {
        Generate broken = (_, _) => Task.FromResult<IReadOnlyList<Completion>>([]);
        var result = Assert.Single(await EvaluationRunner.RunAsync(TestData.NumberSuite(1), Direct.Create(), broken, SamplingSettings.Greedy).ToListAsync());
        Assert.Contains("exactly one completion per requested sample", result.Error!.Message);
    }

    [Fact]
    public async Task Cancelling_stops_the_run_without_reporting_cancelled_items_as_errors()
    {
        var model = new ScriptedModel((_, _) => "<answer>42</answer>") { Delay = TimeSpan.FromMilliseconds(20) };
        using var cancel = new CancellationTokenSource();
        var received = new List<ItemResult>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var result in EvaluationRunner.RunAsync(TestData.NumberSuite(100), Direct.Create(), model,
                SamplingSettings.Greedy, new RunOptions(MaxConcurrency: 4), cancellationToken: cancel.Token))
            {
                received.Add(result);
                if (received.Count == 5)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.InRange(received.Count, 5, 9);
        Assert.DoesNotContain(received, r => r.Failed);
        var requestsAtEnd = model.Requests.Count;
        Assert.True(requestsAtEnd < 100, $"{requestsAtEnd} requests were sent after cancelling");
        await Task.Delay(100);
        Assert.Equal(requestsAtEnd, model.Requests.Count);
    }

    [Fact]
    public async Task Stopping_the_enumeration_early_leaves_nothing_running()
    {
        var model = new ScriptedModel((_, _) => "<answer>42</answer>") { Delay = TimeSpan.FromMilliseconds(20) };
        await foreach (var _ in EvaluationRunner.RunAsync(TestData.NumberSuite(100), Direct.Create(), model,
            SamplingSettings.Greedy, new RunOptions(MaxConcurrency: 8)))
        {
            break;
        }
        var requests = model.Requests.Count;
        await Task.Delay(100);
        Assert.Equal(requests, model.Requests.Count);
        Assert.True(requests < 100);
    }

    [Fact]
    public async Task Suite_with_repeated_item_ids_is_refused()
    {
        var suite = TestData.NumberSuite(2) with { Items = [TestData.NumberItem("x"), TestData.NumberItem("x")] };
        var error = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await EvaluationRunner.RunAsync(suite, Direct.Create(), ScriptedModel.Always(""), SamplingSettings.Greedy).ToListAsync());
        Assert.Contains("'x'", error.Message);
    }

    [Fact]
    public async Task Checker_that_throws_is_recorded_as_an_error_of_that_item()
    {
        var suite = TestData.NumberSuite(1) with { Checker = new ThrowingChecker() };
        var result = Assert.Single(await EvaluationRunner.RunAsync(suite, Direct.Create(), ScriptedModel.Always("<answer>1</answer>"), SamplingSettings.Greedy).ToListAsync());
        Assert.Equal("checker cannot parse '1'", result.Error!.Message);
    }

    private sealed class ThrowingChecker : IAnswerChecker
    {
        public string Version => "throwing-1";

        public AnswerCheck Check(Item item, string answer) => throw new FormatException($"checker cannot parse '{answer}'");
    }
}
