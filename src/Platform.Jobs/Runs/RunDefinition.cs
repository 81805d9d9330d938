using System.Text.Json;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Models;
using Platform.Evaluation.Scoring.Checkers;
using Platform.Jobs.Catalog;
using EvaluationStyle = Platform.Evaluation.Styles.ThinkingStyle;

namespace Platform.Jobs.Runs;

/// <summary>
/// What a stored run asks the evaluation core to do: the suite (limited to its first items), the style and the
/// sampling settings, rebuilt from the rows so a run is reproducible from the database alone.
/// </summary>
public sealed record RunDefinition(
    Suite Suite, EvaluationStyle Style, SamplingSettings Sampling, IReadOnlyDictionary<string, long> ItemIds,
    IReadOnlyDictionary<string, JsonElement> TemplateArgs)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The settings a run's <see cref="Run.DecodingSettingsJson"/> may hold; anything absent keeps its default.</summary>
    public sealed record DecodingSettings(float? Temperature, float? TopP, int? TopK, float? MinP, int? MaxTokens)
    {
        /// <summary>Keyword arguments of the chat template (<see cref="TemplateArguments"/>).</summary>
        public Dictionary<string, JsonElement>? TemplateArgs { get; init; }
    }

    private sealed record StyleSettings(int? Samples, float? Temperature, string? TieRule);

    /// <exception cref="InvalidRunException">The stored suite, style or settings cannot be turned into a run.</exception>
    public static RunDefinition From(Run run, IReadOnlyList<SuiteItem> orderedItems)
    {
        var suiteRow = run.Suite;
        if (!Enum.TryParse<TaskType>(suiteRow.TaskType, ignoreCase: true, out var taskType))
            throw new InvalidRunException($"Suite '{suiteRow.Name}' has task type '{suiteRow.TaskType}', which this worker does not know ({string.Join(", ", Enum.GetNames<TaskType>())}).");
        if (!Enum.TryParse<AnswerKind>(suiteRow.AnswerKind, ignoreCase: true, out var answerKind))
            throw new InvalidRunException($"Suite '{suiteRow.Name}' has answer kind '{suiteRow.AnswerKind}', which this worker does not know ({string.Join(", ", Enum.GetNames<AnswerKind>())}).");

        var rows = run.ItemLimit is int limit ? orderedItems.Take(limit).ToList() : orderedItems.ToList();
        var items = rows.Select(row => new Item(row.Key, row.Level, row.Prompt, row.Target, row.Choices, ReadMetadata(row))).ToList();
        var suite = new Suite(suiteRow.Name, suiteRow.Version, taskType, answerKind, suiteRow.Description, items, AnswerCheckers.For(answerKind));

        var styleSettings = Read<StyleSettings>(run.Style.ParametersJson, $"style '{run.Style.Name}' parameters");
        EvaluationStyle style;
        try
        {
            // The same construction as the command line's evaluations, so a stored style means one thing everywhere.
            style = RunStyles.Resolve(run.Style.Name, styleSettings.Samples ?? 1, styleSettings.Temperature ?? 0,
                Platform.Evaluation.Styles.SelfConsistency.ParseTieRule(styleSettings.TieRule));
        }
        catch (ArgumentException ex)
        {
            throw new InvalidRunException($"Style '{run.Style.Name}' cannot be built: {ex.Message}");
        }

        var decoding = Read<DecodingSettings>(run.DecodingSettingsJson, "decoding settings");
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
        return new RunDefinition(suite, style, sampling, rows.ToDictionary(r => r.Key, r => r.Id, StringComparer.Ordinal), templateArgs!);
    }

    private static Dictionary<string, string> ReadMetadata(SuiteItem row)
    {
        try
        {
            using var document = JsonDocument.Parse(row.MetadataJson);
            return document.RootElement.EnumerateObject().ToDictionary(
                p => p.Name,
                p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(),
                StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new InvalidRunException($"Item '{row.Key}' has metadata that is not a JSON object: {ex.Message}");
        }
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
