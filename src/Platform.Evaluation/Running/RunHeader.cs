using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Models;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;

namespace Platform.Evaluation.Running;

/// <summary>
/// Everything that decides what a run asks the model: the style with its exact parameters, the sampling
/// settings (seed included) and the suite's identity. Its JSON is the audit record stored with the run and the core of
/// the run's <see cref="ExperimentIdentity"/>, so a resumed or repeated run can be matched to the original. Scoring
/// versions are not part of it: they are recorded on every score, and a rescoring must not change a run's identity.
/// </summary>
public sealed record RunHeader(
    string Style,
    string StyleLabel,
    string StyleVersion,
    StyleParameters StyleParameters,
    AnswerFormats AnswerFormats,
    SamplingSettings Sampling,
    string Suite,
    string SuiteVersion,
    string SuiteContentHash,
    int SuiteItems,
    TaskType TaskType,
    AnswerKind AnswerKind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int StyleParaphrase = 0)
{
    /// <remarks>
    /// The paraphrase (<see cref="ThinkingStyle.Paraphrase"/>) is left out of the JSON when it is 0, the style's own
    /// wording, so every run made before paraphrases existed keeps its header and experiment hash.
    /// </remarks>
    public static RunHeader For(Suite suite, ThinkingStyle style, SamplingSettings sampling) =>
        For(suite.Name, suite.Version, suite.ContentHash, suite.Items.Count, suite.TaskType, suite.AnswerKind, style, sampling);

    /// <summary>The header of a run on a suite known by its identity alone (a stored suite whose items are not loaded).</summary>
    public static RunHeader For(
        string suite, string suiteVersion, string suiteContentHash, int suiteItems, TaskType taskType, AnswerKind answerKind,
        ThinkingStyle style, SamplingSettings sampling) => new(
        style.Name, style.Label, style.Version, style.Parameters, style.Formats, sampling,
        suite, suiteVersion, suiteContentHash, suiteItems, taskType, answerKind, style.Paraphrase);

    /// <summary>Compact JSON with properties in declaration order, enums as names; the same header always gives the same text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, EvaluationJson.Default.RunHeader);

    public static RunHeader FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, EvaluationJson.Default.RunHeader)
                ?? throw new FormatException("The run header JSON is 'null'; expected an object.");
        }
        catch (JsonException exception)
        {
            throw new FormatException($"The run header JSON cannot be read: {exception.Message}", exception);
        }
    }
}

/// <summary>
/// Source-generated JSON for the records callers store: run headers, scores, transcripts, style traces,
/// recommendations. Generated code needs no reflection and keeps property order fixed.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunHeader))]
[JsonSerializable(typeof(Score))]
[JsonSerializable(typeof(StyleTrace))]
[JsonSerializable(typeof(IReadOnlyList<Exchange>))]
[JsonSerializable(typeof(Recommendation))]
[JsonSerializable(typeof(Summary))]
[JsonSerializable(typeof(McNemarResult))]
public sealed partial class EvaluationJson : JsonSerializerContext;
