using System.Text.Json;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;
using Platform.Evaluation.Running;
using Platform.Jobs.Catalog;
using EvaluationStyle = Platform.Evaluation.Styles.ThinkingStyle;

namespace Platform.Jobs.Runs;

/// <summary>
/// What one run asks the evaluation core to do, however it was asked for: the whole suite and the limit that picks its
/// first items, the style, the sampling settings (seed included) and the chat template's arguments. Built from the
/// database rows of a submitted run (<see cref="From"/>) or from the command line's arguments (the worker's
/// <c>EvaluationRequest</c>) by the same rules, and hosted by the worker's <c>RunHost</c> either way.
/// </summary>
public sealed record RunDefinition
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public RunDefinition(Suite suite, int? limit, EvaluationStyle style, SamplingSettings sampling, IReadOnlyDictionary<string, JsonElement> templateArgs)
    {
        Suite = suite;
        Limit = limit;
        Style = style;
        Sampling = sampling;
        TemplateArgs = templateArgs;
        Selected = SuiteCatalog.Limit(suite, limit);
    }

    /// <summary>The whole suite: its identity and content hash are part of the run's.</summary>
    public Suite Suite { get; }

    /// <summary>Evaluate only the suite's first N items; null for all.</summary>
    public int? Limit { get; }

    /// <summary>The items this run evaluates: the suite's first <see cref="Limit"/> items.</summary>
    public Suite Selected { get; }

    public EvaluationStyle Style { get; }

    public SamplingSettings Sampling { get; }

    /// <summary>Keyword arguments of the chat template (checked by <see cref="TemplateArguments.Validate"/>).</summary>
    public IReadOnlyDictionary<string, JsonElement> TemplateArgs { get; }

    /// <summary>The settings a run's <see cref="Run.DecodingSettingsJson"/> may hold; anything absent keeps its default.</summary>
    public sealed record DecodingSettings(float? Temperature, float? TopP, int? TopK, float? MinP, int? MaxTokens)
    {
        /// <summary>Which wording of the style's instructions (absent: the style's own, 0).</summary>
        public int? Paraphrase { get; init; }

        /// <summary>Keyword arguments of the chat template (<see cref="TemplateArguments"/>).</summary>
        public Dictionary<string, JsonElement>? TemplateArgs { get; init; }
    }

    private sealed record StyleSettings(int? Samples, float? Temperature, string? TieRule);

    /// <summary>A stored run: its suite row with <paramref name="orderedItems"/>, its style row and its settings.</summary>
    /// <exception cref="InvalidRunException">The stored suite, style or settings cannot be turned into a run.</exception>
    public static RunDefinition From(Run run, IReadOnlyList<SuiteItem> orderedItems)
    {
        Suite suite;
        try
        {
            // The one conversion of a stored suite, the same the command line's imported suites go through; the run's
            // suite row is read without its items, which come separately.
            run.Suite.Items = orderedItems.ToList();
            suite = SuiteCatalog.FromStored(run.Suite);
        }
        catch (FormatException ex)
        {
            throw new InvalidRunException(ex.Message);
        }

        var (style, sampling, templateArgs) = ReadSettings(run, suite.TaskType);
        return new RunDefinition(suite, run.ItemLimit, style, sampling, templateArgs);
    }

    /// <summary>
    /// The experiment identity of a stored run (<see cref="ExperimentIdentity"/>), from its rows without its items: equal
    /// to the one the run's header carries once a worker runs it, and to the one <c>eval</c> writes for the same experiment.
    /// </summary>
    /// <param name="modelSha256">The model file's SHA-256.</param>
    /// <param name="suiteItems">How many items the whole suite has.</param>
    /// <exception cref="InvalidRunException">The stored suite, style or settings cannot be turned into a run.</exception>
    public static string IdentityOf(Run run, string modelSha256, int suiteItems)
    {
        var row = run.Suite;
        if (!Enum.TryParse<TaskType>(row.TaskType, ignoreCase: true, out var taskType)
            || !Enum.TryParse<AnswerKind>(row.AnswerKind, ignoreCase: true, out var answerKind))
            throw new InvalidRunException($"Suite '{row.Name}' has task type '{row.TaskType}' and answer kind '{row.AnswerKind}', which this version does not know.");
        var (style, sampling, templateArgs) = ReadSettings(run, taskType);
        var header = RunHeader.For(row.Name, row.Version, row.ContentHash, suiteItems, taskType, answerKind, style, sampling);
        return ExperimentIdentity.Of(modelSha256, header, run.ItemLimit, templateArgs);
    }

    /// <summary>The identity of this definition's experiment on the model file with <paramref name="modelSha256"/>.</summary>
    public string IdentityOn(string modelSha256) =>
        ExperimentIdentity.Of(modelSha256, RunHeader.For(Suite, Style, Sampling), Limit, TemplateArgs);

    private static (EvaluationStyle Style, SamplingSettings Sampling, IReadOnlyDictionary<string, JsonElement> TemplateArgs) ReadSettings(Run run, TaskType taskType)
    {
        var decoding = Read<DecodingSettings>(run.DecodingSettingsJson, "decoding settings");
        var styleSettings = Read<StyleSettings>(run.Style.ParametersJson, $"style '{run.Style.Name}' parameters");
        EvaluationStyle style;
        try
        {
            // The same construction as the command line's evaluations, so a stored style means one thing everywhere.
            style = RunStyles.Resolve(run.Style.Name, styleSettings.Samples ?? 1, styleSettings.Temperature ?? 0,
                Platform.Evaluation.Styles.SelfConsistency.ParseTieRule(styleSettings.TieRule), decoding.Paraphrase ?? 0);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidRunException($"Style '{run.Style.Name}' cannot be built: {ex.Message}");
        }

        var defaults = new SamplingSettings();
        var sampling = new SamplingSettings
        {
            Temperature = decoding.Temperature ?? defaults.Temperature,
            TopP = decoding.TopP ?? defaults.TopP,
            TopK = decoding.TopK ?? defaults.TopK,
            MinP = decoding.MinP ?? defaults.MinP,
            // The submission's limit wins; otherwise the style's protocol (StyleBench) may prescribe one for the task type.
            MaxTokens = decoding.MaxTokens ?? style.DefaultMaxTokens(taskType) ?? defaults.MaxTokens,
            Seed = unchecked((ulong)run.Seed),
        };
        var (templateArgs, templateError) = TemplateArguments.Validate(decoding.TemplateArgs);
        if (templateError is not null)
            throw new InvalidRunException($"The run's template arguments cannot be used: {templateError}");
        return (style, sampling, templateArgs!);
    }

    /// <summary>
    /// A run's settings: the submission's, with the wording of the style's instructions added as <c>paraphrase</c>
    /// (read back by <see cref="From"/>) when it is not the style's own (0), so the original wording's run is the same
    /// experiment as a run without paraphrases.
    /// </summary>
    public static string SettingsWithParaphrase(string settingsJson, int paraphrase)
    {
        if (paraphrase == 0)
            return settingsJson;
        var settings = System.Text.Json.Nodes.JsonNode.Parse(string.IsNullOrWhiteSpace(settingsJson) ? "{}" : settingsJson)!.AsObject();
        settings["paraphrase"] = paraphrase;
        return settings.ToJsonString();
    }

    private static T Read<T>(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(string.IsNullOrWhiteSpace(json) ? "{}" : json, Json)
                ?? throw new InvalidRunException($"The run's {what} are 'null'; expected a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidRunException($"The run's {what} cannot be read: {ex.Message} (JSON: {json})");
        }
    }
}

/// <summary>The run's stored definition is unusable; the run fails with this message and is not retried.</summary>
public sealed class InvalidRunException(string message) : Exception(message);
