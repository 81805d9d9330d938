using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Models;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;

namespace Platform.Evaluation.Running;

/// <param name="MaxConcurrency">Items in flight at once. The batched engine serves concurrent requests together, so
/// this should be well above 1; each in-flight item may itself send several requests (tot, sc).</param>
/// <param name="DoneItemIds">Items already finished by an earlier, interrupted run; they are skipped.</param>
public sealed record RunOptions(int MaxConcurrency = 64, IReadOnlySet<string>? DoneItemIds = null);

/// <param name="Total">Items this run will solve (the suite minus skipped items).</param>
/// <param name="Completed">Finished items, failed ones included.</param>
public sealed record RunProgress(int Total, int Completed, int Failed, int Skipped);

/// <summary>
/// Why an item has no score: the exception that stopped it, by type and message, and the model calls that had
/// already completed, so the tokens spent and the replies that led to the failure are not lost.
/// </summary>
public sealed record ItemError(string Type, string Message, IReadOnlyList<Exchange> CompletedCalls);

/// <summary>
/// One finished item. Exactly one of <see cref="Score"/> and <see cref="Error"/> is set; <see cref="State"/> holds the
/// transcript (every exact prompt and completion) and the style's trace when the item was solved.
/// </summary>
/// <param name="Latency">Wall-clock time from the first request to the score, queueing in the engine included.</param>
public sealed record ItemResult(
    Item Item, Score? Score, TaskState? State, int PromptTokens, int OutputTokens, TimeSpan Latency, ItemError? Error)
{
    public bool Failed => Error is not null;

    public ItemOutcome ToOutcome() => new(
        Item.Id, Item.Level, Score?.Strict ?? Verdict.NoAnswer, Score?.Flexible ?? Verdict.NoAnswer, OutputTokens, Latency, Failed);
}

/// <summary>
/// Runs every item of a suite through one style against a model, many items at a time, and yields each result as
/// soon as it is scored so the caller can persist it before the run ends.
/// </summary>
public static class EvaluationRunner
{
    public static IAsyncEnumerable<ItemResult> RunAsync(
        Suite suite, ThinkingStyle style, IModel model, SamplingSettings sampling, RunOptions? options = null,
        IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(suite, style, model.GenerateAsync, sampling, options, progress, cancellationToken);

    /// <summary>
    /// An item whose solving throws becomes an error result and the run goes on. Cancelling stops new items,
    /// cancels those in flight (they are not reported as errors) and ends the enumeration with
    /// <see cref="OperationCanceledException"/>; results yielded before that are complete and can be kept.
    /// </summary>
    public static async IAsyncEnumerable<ItemResult> RunAsync(
        Suite suite, ThinkingStyle style, Generate generate, SamplingSettings sampling, RunOptions? options = null,
        IProgress<RunProgress>? progress = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new RunOptions();
        if (options.MaxConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxConcurrency, "MaxConcurrency must be at least 1.");
        }
        var repeated = suite.Items.GroupBy(i => i.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException(
                $"Suite '{suite.Name}' has {repeated.Count()} items with id '{repeated.Key}'; item ids must be unique so results and resumes can refer to them.",
                nameof(suite));
        }

        var done = options.DoneItemIds ?? new HashSet<string>();
        var pending = suite.Items.Where(i => !done.Contains(i.Id)).ToList();
        var skipped = suite.Items.Count - pending.Count;
        progress?.Report(new RunProgress(pending.Count, 0, 0, skipped));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Bounded to the concurrency: a slow consumer holds back new items instead of piling up results in memory.
        var results = Channel.CreateBounded<ItemResult>(options.MaxConcurrency);
        var producer = ProduceAsync(suite, style, generate, sampling, pending, options.MaxConcurrency, results.Writer, stop.Token);

        int completed = 0, failed = 0;
        try
        {
            await foreach (var result in results.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                completed++;
                failed += result.Failed ? 1 : 0;
                progress?.Report(new RunProgress(pending.Count, completed, failed, skipped));
                yield return result;
            }
        }
        finally
        {
            // Whether the caller finished, stopped early or was cancelled, nothing keeps running behind its back.
            await stop.CancelAsync().ConfigureAwait(false);
            // The producer never throws: its failures reach the reader through the channel.
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task ProduceAsync(
        Suite suite, ThinkingStyle style, Generate generate, SamplingSettings sampling, IReadOnlyList<Item> items,
        int maxConcurrency, ChannelWriter<ItemResult> results, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(maxConcurrency);
        var running = new List<Task>();
        try
        {
            foreach (var item in items)
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        var result = await SolveAsync(suite, style, generate, sampling, item, cancellationToken).ConfigureAwait(false);
                        await results.WriteAsync(result, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
            await Task.WhenAll(running).ConfigureAwait(false);
            results.Complete();
        }
        catch (Exception exception)
        {
            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            results.Complete(exception);
        }
    }

    /// <summary>Solves and scores one item; any failure except our own cancellation becomes an error result.</summary>
    public static async Task<ItemResult> SolveAsync(
        Suite suite, ThinkingStyle style, Generate generate, SamplingSettings sampling, Item item, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // The solver's own transcript is lost when it throws; this copy keeps what the model had already answered.
        var completed = new ConcurrentQueue<Exchange>();
        async Task<IReadOnlyList<Completion>> Recorded(GenerateRequest request, CancellationToken token)
        {
            var completions = await generate(request, token).ConfigureAwait(false);
            completed.Enqueue(new Exchange("completed before the error", request, completions));
            return completions;
        }

        try
        {
            var state = await style.Solve(TaskState.Start(suite, item, sampling), Recorded, cancellationToken).ConfigureAwait(false);
            var score = Scorer.Score(item, suite.AnswerKind, state.Output, state.Truncated, style.Formats, suite.Checker);
            return new ItemResult(item, score, state, state.PromptTokens, state.OutputTokens, clock.Elapsed, null);
        }
        catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var calls = completed.ToList();
            return new ItemResult(item, null, null, calls.Sum(c => c.PromptTokens), calls.Sum(c => c.OutputTokens), clock.Elapsed,
                new ItemError(exception.GetType().Name, exception.Message, calls));
        }
    }
}
