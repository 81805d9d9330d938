using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Data.Jobs;
using Platform.Evaluation.Datasets;
using Platform.Jobs.Runs;

namespace Platform.Web.Jobs;

public enum CancelOutcome { Cancelled, NotFound, AlreadyFinished }

public enum RetryOutcome { Requeued, NotFound, StillLive }

/// <summary>
/// The enqueue side of evaluation jobs, for the API, the pages and the admin console: a submission becomes one run
/// per (suite, style), each run one Hangfire job on its backend's queue. Run state lives in our tables; Hangfire only
/// carries the run id to a worker.
/// </summary>
public sealed class EvaluationQueue(IDbContextFactory<ThoughtboardDbContext> contexts, IBackgroundJobClient jobs)
{
    /// <summary>
    /// Stores the submission and its runs and enqueues every run; when enqueueing fails nothing is left behind (see
    /// <see cref="EnqueueAsync"/>). A repeated idempotency key returns the first submission. This is the entry point for
    /// work that needs no principal's checks (the command line, seeding); people and API keys go through
    /// <see cref="Submissions.SubmissionService"/>.
    /// </summary>
    /// <exception cref="SubmissionValidationException">Unknown model, suite or style, or bad settings.</exception>
    /// <exception cref="SubmissionNotQueuedException">The job storage refused a run; the submission was removed again.</exception>
    public async Task<Submission> SubmitAsync(SubmissionRequest request, CancellationToken cancellationToken = default)
    {
        Submission submission;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            submission = await StoreAsync(db, request, cancellationToken);
        }
        if (submission.Runs.All(r => r.HangfireJobId is null))
            await EnqueueAsync(submission);
        return submission;
    }

    /// <summary>
    /// Adds the submission and its runs to <paramref name="db"/> and saves them, inside the caller's transaction if it
    /// has one; nothing is enqueued. An earlier submission with the same idempotency key and requester is returned as it is.
    /// </summary>
    internal async Task<Submission> StoreAsync(ThoughtboardDbContext db, SubmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.IdempotencyKey is { Length: > 0 } key)
        {
            var earlier = await db.Submissions.AsNoTracking().Include(s => s.Runs)
                .FirstOrDefaultAsync(s => s.IdempotencyKey == key && s.ApiKeyId == request.ApiKeyId && s.UserId == request.UserId, cancellationToken);
            if (earlier is not null)
                return earlier;
        }

        var errors = new Dictionary<string, string[]>();
        var model = await db.Models.FirstOrDefaultAsync(m => m.Id == request.ModelId, cancellationToken);
        if (model is null)
            errors["modelId"] = [$"There is no model with id {request.ModelId}."];
        var suiteIds = request.SuiteIds.Distinct().ToList();
        var styleIds = request.StyleIds.Distinct().ToList();
        var suites = await db.Suites.Where(s => suiteIds.Contains(s.Id)).ToListAsync(cancellationToken);
        var styles = await db.Styles.Where(s => styleIds.Contains(s.Id)).ToListAsync(cancellationToken);
        if (suiteIds.Count == 0)
            errors["suiteIds"] = ["Choose at least one suite."];
        else if (suites.Count < suiteIds.Count)
            errors["suiteIds"] = [$"Unknown suite id(s): {string.Join(", ", suiteIds.Except(suites.Select(s => s.Id)))}."];
        if (styleIds.Count == 0)
            errors["styleIds"] = ["Choose at least one style."];
        else if (styles.Count < styleIds.Count)
            errors["styleIds"] = [$"Unknown style id(s): {string.Join(", ", styleIds.Except(styles.Select(s => s.Id)))}."];
        if (request.ItemLimit is < 1)
            errors["itemLimit"] = [$"The item limit must be at least 1 (or absent for every item), not {request.ItemLimit}."];
        // An undefined queue has no Hangfire queue name: refusing it here keeps it from failing after the rows are stored.
        if (!Enum.IsDefined(request.Queue))
            errors["queue"] = [$"{(int)request.Queue} is not a queue; use {string.Join(" or ", Enum.GetNames<RunQueue>())}."];
        string decoding = NormalizeDecoding(request.DecodingSettingsJson, errors);
        if (errors.Count > 0)
            throw new SubmissionValidationException(errors);

        var itemCounts = await db.SuiteItems.Where(i => suiteIds.Contains(i.SuiteId)).GroupBy(i => i.SuiteId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var submission = new Submission
        {
            ApiKeyId = request.ApiKeyId,
            UserId = request.UserId,
            ModelId = model!.Id,
            Suites = suites,
            Styles = styles,
            DecodingSettingsJson = decoding,
            ItemLimit = request.ItemLimit,
            Seed = request.Seed,
            State = SubmissionState.Queued,
            IdempotencyKey = request.IdempotencyKey,
            RequestHash = request.RequestHash ?? Hashing.Sha256Hex(string.Join('\u001f',
                model.Id, string.Join(',', suiteIds.Order()), string.Join(',', styleIds.Order()), decoding, request.ItemLimit, request.Seed, request.Queue)),
            CreatedAt = now,
        };
        foreach (var suite in suites.OrderBy(s => suiteIds.IndexOf(s.Id)))
        {
            foreach (var style in styles.OrderBy(s => styleIds.IndexOf(s.Id)))
            {
                int items = itemCounts.GetValueOrDefault(suite.Id);
                submission.Runs.Add(new Run
                {
                    ModelId = model.Id,
                    SuiteId = suite.Id,
                    StyleId = style.Id,
                    // Style rows are stored under their label (CatalogStore.StoreStyleAsync), so the row's name is the label.
                    StyleLabel = style.Name,
                    DecodingSettingsJson = decoding,
                    ItemLimit = request.ItemLimit,
                    Seed = request.Seed,
                    ConfigHash = Hashing.Sha256Hex(string.Join('\u001f',
                        model.Sha256 ?? model.Location, suite.ContentHash, style.Name, style.Version, style.ParametersJson, decoding, request.ItemLimit, request.Seed)),
                    State = RunState.Queued,
                    Queue = request.Queue,
                    ItemsTotal = request.ItemLimit is int limit ? Math.Min(limit, items) : items,
                    CreatedAt = now,
                });
            }
        }
        db.Submissions.Add(submission);
        await db.SaveChangesAsync(cancellationToken);
        return submission;
    }

    /// <summary>
    /// Enqueues every run of a stored submission. The rows are committed first, so a worker that takes a job at once
    /// finds its run. If the job storage fails part way, the jobs made so far are deleted and the submission and its
    /// runs removed, so no run waits as queued for a job that does not exist.
    /// </summary>
    /// <exception cref="SubmissionNotQueuedException">Enqueueing failed; nothing of the submission is left.</exception>
    internal async Task EnqueueAsync(Submission submission)
    {
        var enqueued = new Dictionary<long, string>();
        try
        {
            foreach (var run in submission.Runs)
                enqueued[run.Id] = Enqueue(run.Id, run.Queue);
        }
        catch (Exception ex)
        {
            // Whatever the cause, stored runs without jobs would wait as queued forever.
            await RemoveAsync(submission.Id, enqueued.Values);
            throw new SubmissionNotQueuedException(submission.Id, ex);
        }
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        foreach (var (runId, jobId) in enqueued)
        {
            // Not cancellable: the jobs exist now, and a run must not lose the id it is cancelled by.
            await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(set => set.SetProperty(r => r.HangfireJobId, jobId), CancellationToken.None);
            submission.Runs.Single(r => r.Id == runId).HangfireJobId = jobId;
        }
    }

    /// <summary>The rows go first: a job left behind (the storage is failing) finds no run and ends at once.</summary>
    private async Task RemoveAsync(long submissionId, IEnumerable<string> jobIds)
    {
        await using (var db = await contexts.CreateDbContextAsync(CancellationToken.None))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            await db.Runs.Where(r => r.SubmissionId == submissionId).ExecuteDeleteAsync(CancellationToken.None);
            await db.Submissions.Where(s => s.Id == submissionId).ExecuteDeleteAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }
        foreach (var jobId in jobIds)
        {
            try
            {
                jobs.Delete(jobId);
            }
            catch (Exception)
            {
                // Harmless: the job's run no longer exists.
            }
        }
    }

    /// <summary>
    /// Stops a run: it is marked cancelled at once and its job deleted. A queued run never starts; a running one stops
    /// within seconds (the job's token fires and it also sees the state), keeping the results it stored.
    /// </summary>
    public async Task<CancelOutcome> CancelRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
            return CancelOutcome.NotFound;
        var now = DateTimeOffset.UtcNow;
        int changed = await db.Runs.Where(r => r.Id == runId && (r.State == RunState.Queued || r.State == RunState.Running))
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.State, RunState.Cancelled)
                .SetProperty(r => r.FailureReason, "Cancelled on request.")
                .SetProperty(r => r.FailureDetail, (string?)null)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.StatusDetail, (string?)null)
                .SetProperty(r => r.EstimatedFinishAt, (DateTimeOffset?)null), cancellationToken);
        if (changed == 0)
            return CancelOutcome.AlreadyFinished;
        if (run.HangfireJobId is { } jobId)
            jobs.Delete(jobId);
        await SubmissionStates.UpdateAsync(db, run.SubmissionId, cancellationToken);
        return CancelOutcome.Cancelled;
    }

    /// <summary>Cancels every live run of a submission; returns how many were cancelled.</summary>
    public async Task<int> CancelSubmissionAsync(long submissionId, CancellationToken cancellationToken = default)
    {
        List<long> live;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            live = await db.Runs.Where(r => r.SubmissionId == submissionId && (r.State == RunState.Queued || r.State == RunState.Running))
                .Select(r => r.Id).ToListAsync(cancellationToken);
        }
        int cancelled = 0;
        foreach (var runId in live)
            cancelled += await CancelRunAsync(runId, cancellationToken) == CancelOutcome.Cancelled ? 1 : 0;
        return cancelled;
    }

    /// <summary>Queues a failed or cancelled run again; it resumes after the items it already stored.</summary>
    public async Task<RetryOutcome> RetryRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
            return RetryOutcome.NotFound;
        int changed = await db.Runs.Where(r => r.Id == runId && (r.State == RunState.Failed || r.State == RunState.Cancelled || r.State == RunState.Succeeded))
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.State, RunState.Queued)
                .SetProperty(r => r.FailureReason, (string?)null)
                .SetProperty(r => r.FailureDetail, (string?)null)
                .SetProperty(r => r.FinishedAt, (DateTimeOffset?)null), cancellationToken);
        if (changed == 0)
            return RetryOutcome.StillLive;
        string jobId = Enqueue(run.Id, run.Queue);
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(set => set.SetProperty(r => r.HangfireJobId, jobId), cancellationToken);
        await SubmissionStates.UpdateAsync(db, run.SubmissionId, cancellationToken);
        return RetryOutcome.Requeued;
    }

    /// <summary>Enqueues an existing queued run (for runs created outside <see cref="SubmitAsync"/>); returns the Hangfire job id.</summary>
    public async Task<string> EnqueueExistingAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var queue = await db.Runs.Where(r => r.Id == runId).Select(r => r.Queue).FirstAsync(cancellationToken);
        string jobId = Enqueue(runId, queue);
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(set => set.SetProperty(r => r.HangfireJobId, jobId), cancellationToken);
        return jobId;
    }

    private string Enqueue(long runId, RunQueue queue) =>
        jobs.Enqueue<IRunJob>(RunQueues.NameOf(queue), job => job.ExecuteAsync(runId, CancellationToken.None));

    private static readonly HashSet<string> DecodingKeys = new(StringComparer.OrdinalIgnoreCase) { "temperature", "topP", "topK", "minP", "maxTokens", TemplateArgsKey };

    private const string TemplateArgsKey = "templateArgs";

    private static string NormalizeDecoding(string json, Dictionary<string, string[]> errors)
    {
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors["decodingSettings"] = ["Decoding settings must be a JSON object, e.g. {\"temperature\": 0, \"maxTokens\": 512}."];
                return "{}";
            }
            var unknown = document.RootElement.EnumerateObject().Select(p => p.Name).Where(n => !DecodingKeys.Contains(n)).ToList();
            var notNumbers = document.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind != JsonValueKind.Number && p.Name != TemplateArgsKey).Select(p => p.Name).ToList();
            if (document.RootElement.TryGetProperty(TemplateArgsKey, out var templateArgs))
            {
                var given = templateArgs.ValueKind == JsonValueKind.Object
                    ? templateArgs.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
                    : null;
                string? problem = given is null ? "templateArgs must be a JSON object." : TemplateArguments.Validate(given).Error;
                if (problem is not null)
                    errors["decodingSettings"] = [problem];
            }
            if (unknown.Count > 0)
                errors["decodingSettings"] = [$"Unknown setting(s) {string.Join(", ", unknown)}; known: {string.Join(", ", DecodingKeys)}."];
            else if (notNumbers.Count > 0)
                errors["decodingSettings"] = [$"Setting(s) {string.Join(", ", notNumbers)} must be numbers."];
            return document.RootElement.GetRawText();
        }
        catch (JsonException ex)
        {
            errors["decodingSettings"] = [$"Decoding settings are not valid JSON: {ex.Message}"];
            return "{}";
        }
    }
}
