using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Data.Security;
using Platform.Evaluation.Datasets.Suites;
using Platform.Gguf;
using Platform.Web.Api;
using Platform.Web.Submissions;

namespace Platform.Web.Jobs;

/// <summary>
/// What the web app evaluates by itself on its first start against an empty database (no submission yet), so a new
/// board has rows instead of empty tables. <c>./thoughtboard up</c> points it at the generated demo model; any GGUF
/// in the model folder, or any model already registered (<see cref="ModelName"/> without <see cref="ModelPath"/>),
/// works the same way.
/// </summary>
public sealed class FirstStartOptions
{
    public const string Section = "FirstStart";

    /// <summary>A GGUF in the model folder, registered through the same checks as <c>POST /api/models</c>; null to register nothing.</summary>
    public string? ModelPath { get; set; }

    /// <summary>The model's name: the one to register <see cref="ModelPath"/> under (default: the GGUF's general.name), or a registered model's.</summary>
    public string? ModelName { get; set; }

    /// <summary>Suite specs; empty means every built-in suite.</summary>
    public string[] Suites { get; set; } = [];

    /// <summary>Style labels; empty means <see cref="DefaultStyles"/>. (Configuration binds arrays element by element, so a default here would survive a shorter list.)</summary>
    public string[] Styles { get; set; } = [];

    public static readonly string[] DefaultStyles = ["direct", "cot", "cod"];

    /// <summary>Items per suite: enough to fill every page, few enough to finish within minutes on two shared cores.</summary>
    public int ItemLimit { get; set; } = 5;

    public int MaxTokens { get; set; } = 128;

    public bool Enabled => !string.IsNullOrWhiteSpace(ModelPath) || !string.IsNullOrWhiteSpace(ModelName);
}

/// <summary>
/// Submits the first-start evaluation of <see cref="FirstStartOptions"/> once: only when the database holds no
/// submission at all, so every later start (and any board someone already used) is left alone. It goes through
/// <see cref="SubmissionService"/> like a submission from the API, and whichever worker serves the queue runs it.
/// A problem is logged and never stops the web app.
/// </summary>
public sealed class FirstStartEvaluation(
    IOptions<FirstStartOptions> options,
    IOptions<ModelFolderOptions> modelFolder,
    IDbContextFactory<ThoughtboardDbContext> contexts,
    IServiceScopeFactory scopes,
    ModelUrlPolicy urlPolicy,
    TimeProvider clock,
    ILogger<FirstStartEvaluation> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        try
        {
            await SubmitIfFirstStartAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "The first-start evaluation was not submitted");
        }
    }

    /// <summary>The session advisory lock that lets one web app at a time decide "no submission yet" and submit.</summary>
    public const long LockKey = 0x7462_6669_7273_7401; // "tbfirst" and a version

    /// <returns>The submission's id, or null when nothing was submitted (the log says why).</returns>
    public async Task<long?> SubmitIfFirstStartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Web apps started together on an empty database would each see no submission and each submit. The check and the
        // submit are held under one lock on this context's connection (the submit commits in its own transaction before
        // the lock is let go); an app that finds the lock taken leaves the first start to the one holding it.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({LockKey}) AS \"Value\"").SingleAsync(cancellationToken);
            if (!locked)
            {
                logger.LogInformation("Another web app is submitting the first-start evaluation; this one leaves it alone");
                return null;
            }
            try
            {
                return await SubmitUnderLockAsync(db, cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<long?> SubmitUnderLockAsync(ThoughtboardDbContext db, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (await db.Submissions.AnyAsync(cancellationToken))
        {
            logger.LogInformation("The database already has submissions; no first-start evaluation");
            return null;
        }
        if (await FindOrRegisterModelAsync(db, settings, cancellationToken) is not { } modelName)
            return null;

        var suites = settings.Suites.Length > 0 ? settings.Suites : BuiltInSuites.Names.ToArray();
        var styles = settings.Styles.Length > 0 ? settings.Styles : FirstStartOptions.DefaultStyles;
        var request = new SubmitEvaluationRequest(
            modelName, [.. suites], [.. styles], new DecodingSettings(MaxTokens: settings.MaxTokens), Samples: null, settings.ItemLimit, Seed: null);
        await using var scope = scopes.CreateAsyncScope();
        var submissions = scope.ServiceProvider.GetRequiredService<SubmissionService>();
        // The one submission path of the page and the API, as the server itself: the same checks, no owner, no quota.
        switch (await submissions.SubmitAsync(request, Requester.CommandLine, cancellationToken: cancellationToken))
        {
            case SubmissionOutcome.Created created:
                logger.LogInformation(
                    "First start: submission {Submission} evaluates model {Model} on {Suites} x {Styles}, {Limit} items each",
                    created.SubmissionId, modelName, string.Join(", ", suites), string.Join(", ", styles), settings.ItemLimit);
                return created.SubmissionId;
            case SubmissionOutcome.Invalid invalid:
                logger.LogWarning("First start: the evaluation was refused: {Errors}", string.Join(" ", invalid.Errors.SelectMany(e => e.Value)));
                return null;
            case SubmissionOutcome.Refused refused:
                logger.LogWarning("First start: the evaluation was refused: {Detail}", refused.Detail);
                return null;
            default:
                return null;
        }
    }

    private async Task<string?> FindOrRegisterModelAsync(ThoughtboardDbContext db, FirstStartOptions settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.ModelPath))
        {
            var registered = await db.Models.AnyAsync(m => m.Name == settings.ModelName, cancellationToken);
            if (!registered)
                logger.LogWarning("First start: no model named {Name} is registered; nothing was submitted", settings.ModelName);
            return registered ? settings.ModelName : null;
        }

        GgufFile header;
        try
        {
            // A relative path is taken from the model folder, as the registration below takes it.
            header = GgufFile.Read(Path.Combine(modelFolder.Value.Folder ?? "", settings.ModelPath));
        }
        catch (GgufFormatException ex)
        {
            logger.LogWarning("First start: {Message}; nothing was submitted", ex.Message);
            return null;
        }
        var name = string.IsNullOrWhiteSpace(settings.ModelName)
            ? header.GetString("general.name") ?? Path.GetFileNameWithoutExtension(settings.ModelPath)
            : settings.ModelName;
        var quantization = header.GetInteger("general.file_type") is { } fileType ? GgufFileTypes.Name(fileType) : null;
        // The API's own registration: the same folder containment, header and hash checks, and the random-weights mark.
        var result = await ModelsApi.RegisterAsync(
            new RegisterModelRequest(name, settings.ModelPath, null, null, null, null, quantization, null), contexts, modelFolder, urlPolicy, clock, cancellationToken);
        switch (result.Result)
        {
            case Created<ModelResponse> created:
                logger.LogInformation("First start: registered model {Name} from {Path}", name, created.Value!.Location);
                return name;
            case Ok<ModelResponse>:
                return name;
            case ValidationProblem invalid:
                logger.LogWarning("First start: model {Path} was not registered: {Errors}; nothing was submitted",
                    settings.ModelPath, string.Join(" ", invalid.ProblemDetails.Errors.SelectMany(e => e.Value)));
                return null;
            case ProblemHttpResult problem:
                logger.LogWarning("First start: model {Path} was not registered: {Detail}; nothing was submitted", settings.ModelPath, problem.ProblemDetails.Detail);
                return null;
            default:
                return null;
        }
    }
}
