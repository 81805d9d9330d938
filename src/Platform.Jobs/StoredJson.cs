using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;

namespace Platform.Jobs;

/// <summary>
/// Source-generated JSON for what the database holds as JSON columns and both sides read: style parameters, item
/// metadata, transcripts. The same shape rules as the worker's run-log context, so either reads what the other wrote.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StyleParameters))]
[JsonSerializable(typeof(IReadOnlyList<Exchange>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, JsonElement>))]
public sealed partial class StoredJson : JsonSerializerContext;
