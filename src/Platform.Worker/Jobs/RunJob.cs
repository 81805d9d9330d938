using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Data.Jobs;
using Platform.Data.Runs;
using Platform.Evaluation.Running;
using Platform.Evaluation.Datasets;
using Platform.Jobs.Runs;
using Platform.Worker.Evaluation;
using Platform.Llama.Engine;
using Platform.Worker.Models;
using ItemRecord = Platform.Worker.Evaluation.ItemRecord;

namespace Platform.Worker.Jobs;

/// <summary>
/// Executes one run on this worker: every remaining item goes through the evaluation runner on the batched
/// engine, results are stored in batches as they are scored, progress and heartbeat go to the run row, and the
/// aggregates are computed at the end. Items already stored are skipped, so any later execution resumes.
/// </summary>
public sealed class RunJob(
    IDbContextFactory<ThoughtboardDbContext> contexts,
    NpgsqlDataSource dataSource,
    RunHost host,
    IOptions<WorkerOptions> options,
    IHostApplicationLifetime lifetime,
    RunTransitions transitions,
    TimeProvider time,
    ILogger<RunJob> logger) : IRunJob
{
    /// <summary>The failure reason everyone may read when the model's download failed; the error itself is the run's FailureDetail.</summary>
    public const string ModelNotDownloaded = RunFailureReasons.ModelNotDownloaded;

    private WorkerOptions Settings => options.Value;

    public async Task ExecuteAsync(long runId, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope("Run {RunId}", runId);
        var run = await Database(ct => contexts.LoadRunAsync(runId, ct), "loading the run", cancellationToken);
        if (run is null)
        {
            logger.LogWarning("Run {RunId} does not exist; nothing to do", runId);
            return;
        }
        if (run.State is not (RunState.Queued or RunState.Running))
        {
            logger.LogInformation("Run {RunId} is already {State}; nothing to do", runId, run.State);
            return;
        }
        if (!await Database(ct => MarkRunningAsync(run, ct), "starting the run", cancellationToken))
        {
            logger.LogInformation("Run {RunId} was cancelled before it started", runId);
            return;
        }

        RunDefinition definition;
        Dictionary<string, long> itemIds;
        HashSet<string> done;
        try
        {
            var items = await Database(ct => contexts.LoadItemsAsync(run.SuiteId, ct), "loading the suite", cancellationToken);
            itemIds = items.ToDictionary(i => i.Key, i => i.Id, StringComparer.Ordinal);
            definition = RunDefinition.From(run, items);
            done = await Database(ct => contexts.LoadDoneItemsAsync(runId, ct), "loading stored results", cancellationToken);
        }
        catch (InvalidRunException ex)
        {
            await FinishAsync(run, RunState.Failed, RunFailureReasons.InvalidRun, CancellationToken.None, detail: ex.Message);
            return;
        }

        // A download or load can take minutes: the heartbeat keeps going meanwhile, stores what is being waited
        // for on the run, and a cancel request stops the wait.
        EvaluationSession session;
        var preparation = new ModelPreparation();
        using (var preparing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            bool cancelRequested = false;
            var heartbeat = HeartbeatAsync(run.Id, () => cancelRequested = true, preparing, preparation.Describe);
            try
            {
                session = await host.OpenAsync(run.Model, definition, new RunHostOptions(Settings.MaxConcurrentItems, done), preparation, preparing.Token);
            }
            catch (ModelLoadException ex)
            {
                logger.LogError("Run {RunId} failed: {Reason}", runId, ex.Message);
                // A download's error names addresses, ports and answers of the worker's network, a load error the
                // worker's paths: the public sees only which step failed, the submitter and administrators the message.
                string reason = ex.DownloadFailed ? RunFailureReasons.ModelNotDownloaded : RunFailureReasons.ModelNotLoaded;
                await FinishAsync(run, RunState.Failed, reason, CancellationToken.None, detail: ex.Message);
                return;
            }
            catch (OperationCanceledException) when (cancelRequested && !cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation("Run {RunId} cancelled while its model was being prepared", runId);
                await FinishAsync(run, RunState.Cancelled, null, CancellationToken.None);
                return;
            }
            finally
            {
                await preparing.CancelAsync();
                await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        using (session)
        {
            if (session.DeclaresRandomWeights && !run.Model.RandomWeights)
                await Database(ct => MarkRandomWeightsAsync(run.Model, ct), "marking the model's random weights", cancellationToken);
            await EvaluateAsync(run, itemIds, done, session, cancellationToken);
        }
    }

    private async Task EvaluateAsync(Run run, IReadOnlyDictionary<string, long> itemIds, HashSet<string> done, EvaluationSession session, CancellationToken cancellationToken)
    {
        int total = session.Suite.Items.Count;
        int errorLimit = (int)Math.Floor(Settings.ItemErrorThreshold * total);
        double previousWall = run.WallTimeSeconds ?? 0;
        // The template and date of the loaded model; a run resumed by a model loaded on a later day keeps the date it
        // started with, which is the one most of its prompts were rendered for.
        var loaded = session.Engine.Generator.Model;
        string? templateHash = loaded.Info.ChatTemplate is { } template ? Hashing.Sha256Hex(template) : null;
        var promptDate = DateOnly.FromDateTime(loaded.PromptDate);
        var engine = LlamaEngines.Chosen?.Build;
        await Database(ct => contexts.Run(db => transitions.BeginItemsAsync(db, run.Id, total, templateHash, promptDate, session.Header.ConfigHash,
                engine?.Engine, engine?.Build, ct), ct),
            "storing the item count and chat template", cancellationToken);
        logger.LogInformation("Run {RunId}: {Model} on {Suite} with {Style}, {Remaining} of {Total} items to go, {Length} tokens per sequence",
            run.Id, run.Model.Name, session.Suite.Name, session.Style.Label, total - done.Count, total, session.Header.Engine.SequenceLength);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        long tokensOutThisExecution = 0;
        int itemsThisExecution = 0;
        var pending = new List<ItemRecord>();
        var lastFlush = Stopwatch.StartNew();
        StoredProgress? progress = null;
        bool cancelRequested = false;

        async Task FlushAsync(CancellationToken ct)
        {
            var batch = pending.ToList();
            double elapsed = clock.Elapsed.TotalSeconds;
            double? tokensPerSecond = elapsed > 0 && tokensOutThisExecution > 0 ? tokensOutThisExecution / elapsed : null;
            int remaining = total - done.Count - itemsThisExecution;
            DateTimeOffset? eta = itemsThisExecution > 0 && remaining > 0
                ? time.GetUtcNow().AddSeconds(remaining * elapsed / itemsThisExecution)
                : null;
            var throughput = new ResultWriter.Throughput(previousWall + elapsed, tokensPerSecond, eta, time.GetUtcNow());
            progress = await Database(
                token => ResultWriter.WriteAsync(dataSource, run.Id, batch, itemIds, throughput, token),
                "storing results", ct);
            pending.Clear();
            lastFlush.Restart();
            if (progress.State == RunState.Cancelled)
                cancelRequested = true;
        }

        var heartbeat = HeartbeatAsync(run.Id, () => cancelRequested = true, stop);
        try
        {
            await foreach (var result in session.RunAsync(cancellationToken: stop.Token))
            {
                pending.Add(result);
                itemsThisExecution++;
                tokensOutThisExecution += result.OutputTokens;
                if (pending.Count >= Settings.ResultBatchSize || lastFlush.Elapsed >= Settings.ResultFlushInterval)
                    await FlushAsync(stop.Token);
                if (cancelRequested)
                    await stop.CancelAsync();
                if (progress is { } stored && stored.ItemErrors > errorLimit)
                    break;
            }
            await FlushAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Scored items are kept whatever stopped the run: a resumed or retried run will not redo them.
            if (pending.Count > 0)
                await FlushAsync(CancellationToken.None);
            if (cancelRequested || await IsCancelledAsync(run.Id))
            {
                logger.LogInformation("Run {RunId} cancelled after {Done} items", run.Id, progress?.ItemsDone);
                await FinishAsync(run, RunState.Cancelled, null, CancellationToken.None);
                return;
            }
            if (cancellationToken.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // Hangfire cancelled the job while this worker keeps running: it was deleted outside the cancel
                // service (the dashboard), so no execution would ever finish the run.
                await FinishAsync(run, RunState.Cancelled, "The run's job was deleted in Hangfire.", CancellationToken.None);
                return;
            }
            // The worker is shutting down: Hangfire puts the job back in its queue and the next fetch resumes it.
            logger.LogInformation("Run {RunId} interrupted by shutdown after {Done} items; it will resume", run.Id, progress?.ItemsDone);
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var final = progress!;
        if (final.ItemErrors > errorLimit)
        {
            string reason = $"{final.ItemErrors} of {total} items failed with an error, more than the allowed {Settings.ItemErrorThreshold:P0} " +
                "(Worker:ItemErrorThreshold); see the errors stored with the item results.";
            await FinishAsync(run, RunState.Failed, reason, CancellationToken.None);
            return;
        }
        if (final.ItemsDone < total)
            throw new InvalidOperationException($"Run {run.Id} ended with {final.ItemsDone} of {total} items stored; the job will retry the rest.");
        await FinishAsync(run, RunState.Succeeded, null, CancellationToken.None);
        logger.LogInformation("Run {RunId} succeeded: {Items} items in {Seconds:F1} s", run.Id, total, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Touches the heartbeat between result batches and notices a cancel request even while items are slow; with
    /// <paramref name="detail"/>, also stores what the run is waiting for (<see cref="Run.StatusDetail"/>).
    /// </summary>
    private async Task HeartbeatAsync(long runId, Action onCancelRequested, CancellationTokenSource stop, Func<string?>? detail = null)
    {
        using var timer = new PeriodicTimer(Settings.HeartbeatInterval);
        while (await timer.WaitForNextTickAsync(stop.Token))
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(stop.Token);
                var state = await transitions.ReportAsync(db, runId, detail?.Invoke(), stop.Token);
                if (state == RunState.Cancelled)
                {
                    onCancelRequested();
                    await stop.CancelAsync();
                    return;
                }
            }
            catch (Exception ex) when (DatabaseRetry.IsTransient(ex))
            {
                logger.LogWarning("Heartbeat of run {RunId} not stored: {Message}", runId, ex.Message);
            }
        }
    }

    private async Task<bool> IsCancelledAsync(long runId) =>
        await Database(ct => contexts.Run(db => RunTransitions.StateOfAsync(db, runId, ct), ct),
            "reading the run state", CancellationToken.None) == RunState.Cancelled;

    private async Task<bool> MarkRunningAsync(Run run, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await transitions.StartAsync(db, run.Id, Settings.EffectiveName, ct);
    }

    /// <summary>
    /// A model registered by URL is only read once a worker has downloaded and verified it: its GGUF's random-weights mark
    /// is stored then, so the leaderboard flags it like a model registered by path.
    /// </summary>
    private async Task MarkRandomWeightsAsync(LanguageModel model, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Models.Where(m => m.Id == model.Id).ExecuteUpdateAsync(set => set.SetProperty(m => m.RandomWeights, true), ct);
        logger.LogInformation("Model {Model} declares random weights ({Key}); marked so", model.Name, Platform.Gguf.TestModelGenerator.RandomWeightsKey);
    }

    /// <summary>Stores the aggregates and the final state; a cancel that raced a success keeps Cancelled.</summary>
    private Task FinishAsync(Run run, RunState state, string? reason, CancellationToken ct, string? detail = null) =>
        Database(async token =>
        {
            await using var db = await contexts.CreateDbContextAsync(token);
            if (state == RunState.Succeeded || state == RunState.Cancelled || (state == RunState.Failed && reason is not null))
            {
                var aggregates = await RunAggregates.ComputeAsync(db, run.Id, token);
                if (aggregates.Any(a => a.Level is null && a.ItemCount > 0))
                    await RunAggregates.StoreAsync(db, run.Id, aggregates, token);
            }
            if (state == RunState.Cancelled)
                await transitions.CancelAsync(db, run.Id, reason, token);
            else
                await transitions.FinishAsync(db, run.Id, state, reason, detail, token);
        }, "finishing the run", ct);

    private Task<T> Database<T>(Func<CancellationToken, Task<T>> step, string what, CancellationToken ct) =>
        DatabaseRetry.RunAsync(step, Settings.DatabaseOutageTolerance, logger, what, ct);

    private Task Database(Func<CancellationToken, Task> step, string what, CancellationToken ct) =>
        DatabaseRetry.RunAsync(step, Settings.DatabaseOutageTolerance, logger, what, ct);
}
