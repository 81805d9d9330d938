namespace Platform.Data.Entities;

/// <summary>
/// One evaluation: one model on one suite with one style and one set of decoding settings. Progress,
/// timing and throughput are kept here so the leaderboard and the queue pages need no join to results.
/// </summary>
public class Run
{
    public long Id { get; set; }

    /// <summary>The submission that created the run; null for runs started from the command line.</summary>
    public long? SubmissionId { get; set; }

    public Submission? Submission { get; set; }

    public long ModelId { get; set; }

    public LanguageModel Model { get; set; } = null!;

    public long SuiteId { get; set; }

    public BenchmarkSuite Suite { get; set; } = null!;

    public long StyleId { get; set; }

    public ThinkingStyle Style { get; set; } = null!;

    /// <summary>
    /// The style as boards and lists name it ("cot", "cot+sc5"): <c>ThinkingStyle.Label</c> of the evaluation core,
    /// which also names the style row, copied here when the run is created so no page rebuilds it.
    /// </summary>
    public string StyleLabel { get; set; } = "";

    /// <summary>
    /// Which wording of the style's instructions the run used (0: the style's own). The same number is in
    /// <see cref="DecodingSettingsJson"/> as <c>paraphrase</c> when above 0, and so in the experiment hash; this
    /// column lets boards group a cell's paraphrases.
    /// </summary>
    public int Paraphrase { get; set; }

    /// <summary>Decoding settings as a JSON object (jsonb); copied from the submission so the run is self-contained.</summary>
    public string DecodingSettingsJson { get; set; } = "{}";

    public int? ItemLimit { get; set; }

    public long Seed { get; set; }

    /// <summary>
    /// The run's experiment identity (Platform.Evaluation's <c>ExperimentIdentity</c>: model file hash, suite, style with its
    /// parameters, sampling settings with the seed, limit, template arguments): equal for equal experiments, and equal to
    /// the <c>configHash</c> that <c>thoughtboard eval</c> writes in its log header for the same experiment.
    /// </summary>
    public required string ConfigHash { get; set; }

    /// <summary>Changed only through <see cref="Runs.RunTransitions"/>, which keeps the submission's state and the status fields with it.</summary>
    public RunState State { get; set; }

    /// <summary>Why the run failed or was cancelled, in words a user can act on.</summary>
    public string? FailureReason { get; set; }

    /// <summary>
    /// What went wrong in full, for the submitter and administrators only, when <see cref="FailureReason"/> is kept
    /// general for the public (a failed download's network error would map the worker's network).
    /// </summary>
    public string? FailureDetail { get; set; }

    public string? HangfireJobId { get; set; }

    public RunQueue Queue { get; set; }

    /// <summary>Name of the worker that ran (or is running) it.</summary>
    public string? WorkerName { get; set; }

    public int ItemsDone { get; set; }

    public int ItemsTotal { get; set; }

    /// <summary>Items whose evaluation raised an error (recorded in their result); they count as done.</summary>
    public int ItemErrors { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>When the run was cancelled (on request, or by its worker); the worker stops at its next heartbeat. Cleared when it is queued again.</summary>
    public DateTimeOffset? CancelRequestedAt { get; set; }

    /// <summary>
    /// What the worker is doing before the first item, in words ("Downloading the model: 1.2 GB of 4.7 GB (26%)",
    /// "Loading the model"); null while items are evaluated. Written only while the run is running, and cleared by
    /// every way a run ends (finish, cancel, failure after retries).
    /// </summary>
    public string? StatusDetail { get; set; }

    /// <summary>Last sign of life from the worker; a running run with a stale heartbeat has lost its worker.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    public long TokensIn { get; set; }

    public long TokensOut { get; set; }

    public double? WallTimeSeconds { get; set; }

    /// <summary>Output tokens per second of wall time.</summary>
    public double? TokensPerSecond { get; set; }

    /// <summary>When the run should finish at its current pace; null before the first results or once it is over.</summary>
    public DateTimeOffset? EstimatedFinishAt { get; set; }

    /// <summary>
    /// The worst way any item's prompts were formatted (an item that renders with the template on one call and
    /// falls back on another counts as fallen back); null until the first item that called the model is stored.
    /// </summary>
    public ChatTemplatePath? ChatTemplatePath { get; set; }

    /// <summary>Items with at least one prompt not rendered by the model's own template (<see cref="ChatTemplatePath"/> above Jinja).</summary>
    public int ChatTemplateFallbackItems { get; set; }

    /// <summary>SHA-256 of the GGUF's chat template text; null when the file has none or before the run starts.</summary>
    public string? ChatTemplateSha256 { get; set; }

    /// <summary>The date every prompt of the run was rendered for (the date a template prints).</summary>
    public DateOnly? PromptDate { get; set; }

    /// <summary>The engine that ran it (<c>native</c> or <c>llamasharp</c>), written when the run starts; null before.</summary>
    public string? Engine { get; set; }

    /// <summary>The native build that engine loaded: package, llama.cpp version and CPU (or GPU) variant.</summary>
    public string? EngineBuild { get; set; }

    public List<ItemResult> Results { get; set; } = [];

    public List<RunAggregate> Aggregates { get; set; } = [];
}
