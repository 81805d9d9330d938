using System.Text.Json;
using System.Text.Json.Serialization;
using ChatTemplatePath = Platform.Data.Entities.ChatTemplatePath;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Running;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Solving;
using Platform.Evaluation.Styles;
using Platform.Jobs.Runs;

namespace Platform.Worker.Evaluation;

/// <summary>The weights a run used: the file pinned by hash, and what llama.cpp read from it.</summary>
/// <param name="ChatTemplateHash">SHA-256 of the GGUF's chat template text; null when the file has none.</param>
/// <param name="ChatTemplateFallback">True when the model's own Jinja template did not render (or there is none), so
/// llama.cpp's built-in matcher or ChatML formatted the prompts; <paramref name="ChatTemplateFallbackReason"/> says why.</param>
/// <param name="PromptDate">The date the chat template was rendered for (templates that print a date print this one).</param>
/// <param name="ChatTemplatePath">How a one-message conversation is formatted when the run starts; each item record
/// says how its own prompts were (a template may render some conversations and raise on others).</param>
public sealed record ModelDescription(
    string Name,
    string FileName,
    long SizeBytes,
    string Sha256,
    string Architecture,
    ulong ParameterCount,
    string FileType,
    string? ChatTemplateHash,
    bool ChatTemplateFallback,
    string? ChatTemplateFallbackReason = null,
    DateTime? PromptDate = null,
    ChatTemplatePath? ChatTemplatePath = null);

/// <summary>How the engine was set up for the run; it changes speed, never what a greedy run answers.</summary>
/// <param name="Sequences">Sequence slots decoded together.</param>
/// <param name="SequenceLength">Tokens one sequence may hold, sized from the longest prompt and the token limits.</param>
public sealed record EngineDescription(string Backend, int Sequences, int SequenceLength, int Threads, int MaxConcurrentItems);

/// <summary>
/// The first line of a run log and the audit record of a run: the model pinned by hash, the core's
/// <see cref="RunHeader"/> (suite identity and content hash, style name, version and parameters, decoding
/// settings with the seed), the limit and the scoring versions.
/// </summary>
/// <param name="Seed">The run's seed: built-in suites are generated from it and sampling starts from it.</param>
/// <param name="SuiteSpec">What was asked for, e.g. <c>arithmetic@1-3</c>, or the imported suite's name.</param>
/// <param name="ConfigHash">SHA-256 over the model hash, the core's config hash, the seed, the limit and the template arguments: equal hashes, same experiment.</param>
/// <param name="TemplateArgs">Keyword arguments of the chat template (e.g. enable_thinking), sorted by name; empty for none.</param>
public sealed record EvaluationHeader(
    string Format,
    ModelDescription Model,
    RunHeader Run,
    ulong Seed,
    string SuiteSpec,
    int? Limit,
    int ItemsSelected,
    EngineDescription Engine,
    string ExtractorVersion,
    string CheckerVersion,
    string ConfigHash,
    DateTimeOffset StartedAt,
    IReadOnlyDictionary<string, JsonElement>? TemplateArgs = null)
{
    public const string CurrentFormat = "thoughtboard-run/1";

    /// <summary>Without template arguments the hash is what it was before they existed, so older logs still resume.</summary>
    public static string ComputeConfigHash(string modelSha256, RunHeader run, ulong seed, int? limit, IReadOnlyDictionary<string, JsonElement>? templateArgs = null)
    {
        IEnumerable<string> parts = [modelSha256, run.ConfigHash, seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"];
        if (templateArgs is { Count: > 0 })
            parts = parts.Append(TemplateArguments.ToJson(templateArgs));
        return Hashing.Sha256Hex(string.Join('\u001f', parts));
    }
}

/// <summary>
/// One item of a run, complete enough to audit and to rescore without the model: the item itself, every exact
/// prompt and completion, the score with raw output and extracted answers, tokens, latency and hashes.
/// Exactly one of <see cref="Score"/> and <see cref="Error"/> is set; a failed item's exchanges are the calls that
/// completed before it failed.
/// </summary>
/// <param name="ItemHash">The item's content hash (id, level, question, target, choices, metadata).</param>
/// <param name="PromptHash">SHA-256 of every message the style sent, in order; equal for two runs that asked the same.</param>
/// <param name="TargetHash">SHA-256 of the reference answer.</param>
/// <param name="Exchanges">Every request with its completions, in the order the style consumed them.</param>
/// <param name="LatencyMs">Wall-clock milliseconds from the item's first request to its score, queueing included.</param>
/// <param name="ChatTemplatePath">The worst way any of the item's prompts was formatted; null when it made no model call.</param>
public sealed record ItemRecord(
    string ItemId,
    int Level,
    string ItemHash,
    string PromptHash,
    string TargetHash,
    Item Item,
    IReadOnlyList<Exchange> Exchanges,
    Score? Score,
    StyleTrace? Trace,
    int PromptTokens,
    int OutputTokens,
    int ModelCalls,
    double LatencyMs,
    ItemError? Error,
    ChatTemplatePath? ChatTemplatePath = null)
{
    public static ItemRecord From(ItemResult result, ChatTemplatePath? chatTemplatePath = null)
    {
        // A failed item's completed calls move to the exchanges, so the log holds them once.
        var exchanges = result.State?.Transcript ?? result.Error?.CompletedCalls ?? [];
        var error = result.Error is { } failure ? failure with { CompletedCalls = [] } : null;
        return new ItemRecord(
            result.Item.Id,
            result.Item.Level,
            result.Item.ContentHash,
            PromptHashOf(exchanges),
            Hashing.Sha256Hex(result.Item.Target),
            result.Item,
            exchanges,
            result.Score,
            result.State?.Trace,
            result.PromptTokens,
            result.OutputTokens,
            exchanges.Count,
            result.Latency.TotalMilliseconds,
            error,
            chatTemplatePath);
    }

    public bool Failed => Error is not null;

    public ItemOutcome ToOutcome() => new(
        ItemId, Level, Score?.Strict ?? Verdict.NoAnswer, Score?.Flexible ?? Verdict.NoAnswer, OutputTokens,
        TimeSpan.FromMilliseconds(LatencyMs), Failed);

    /// <summary>Hash over the exact messages of every request (roles and contents), so equal prompts give equal hashes.</summary>
    public static string PromptHashOf(IReadOnlyList<Exchange> exchanges) => Hashing.Sha256Hex(string.Join('\u001e',
        exchanges.Select(e => string.Join('\u001f', e.Request.Messages.Select(m => m.Role + ":" + m.Content)))));
}

/// <summary>Source-generated JSON for the run log and the stored catalog; same shape rules as the core's own context.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(EvaluationHeader))]
[JsonSerializable(typeof(ItemRecord))]
[JsonSerializable(typeof(StyleParameters))]
[JsonSerializable(typeof(IReadOnlyList<Exchange>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, JsonElement>))]
public sealed partial class WorkerEvaluationJson : JsonSerializerContext
{
    /// <summary>
    /// The same shapes with only the characters JSON requires escaped, so a log line shows "a + b" and "&lt;answer&gt;"
    /// as written; the default encoder escapes them for HTML pages, which a log is not.
    /// </summary>
    // Built on first use: a static initializer here would run before the generated Default exists.
    public static WorkerEvaluationJson Readable => s_readable ??= new(new JsonSerializerOptions(Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static WorkerEvaluationJson? s_readable;
}
