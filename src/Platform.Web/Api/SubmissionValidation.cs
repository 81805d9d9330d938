using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets.Suites;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Styles;
using Platform.Jobs.Runs;

namespace Platform.Web.Api;

/// <summary>Decoding settings of a submission; absent values keep the engine's defaults. Stored as camelCase JSON.</summary>
/// <param name="TemplateArgs">Keyword arguments of the model's chat template (<see cref="TemplateArguments"/>).</param>
public sealed record DecodingSettings(float? Temperature = null, float? TopP = null, int? TopK = null, float? MinP = null, int? MaxTokens = null,
    IReadOnlyDictionary<string, JsonElement>? TemplateArgs = null);

/// <summary>An evaluation request as clients send it (JSON, camelCase).</summary>
/// <param name="Model">Name of a registered model.</param>
/// <param name="Suites">Built-in suite specs ("arithmetic", "game24@2-4") or names of imported suites.</param>
/// <param name="Styles">Style labels ("direct", "cot", "cot+sc5").</param>
/// <param name="Samples">Self-consistency samples applied to every style without its own "+scK".</param>
/// <param name="Limit">The first N items of each suite; absent for all.</param>
/// <param name="Queue">cpu (default) or gpu: which workers take the runs.</param>
/// <param name="VoteTies">first (default) or none: whether a tied self-consistency vote goes to the answer given first or is no majority.</param>
public sealed record SubmitEvaluationRequest(
    string? Model,
    List<string>? Suites,
    List<string>? Styles,
    DecodingSettings? Settings,
    int? Samples,
    int? Limit,
    long? Seed,
    string? Queue = null,
    string? VoteTies = null);

/// <summary>Checks a request against the catalogs and the allowed ranges, and normalises it into an order.</summary>
public static class SubmissionValidation
{
    public const int MaxSuites = 20;
    public const int MaxStyles = 20;
    public const int MaxSamples = 64;
    public const int MaxLimit = 100_000;
    public const int MaxTokens = 32_768;

    /// <summary>The seed of a request that names none; the same default keeps repeated requests recognisable as duplicates.</summary>
    public const long DefaultSeed = 42;

    public sealed record Normalized(
        LanguageModel Model, List<string> Suites, List<string> Styles, DecodingSettings Settings, int Samples, int? Limit, long Seed, RunQueue Queue, string RequestHash,
        VoteTieRule TieRule = VoteTieRule.First)
    {
        public string SettingsJson => JsonSerializer.Serialize(Settings, SettingsJsonOptions);
    }

    /// <summary>Absent settings are left out of the stored JSON, so the worker's defaults apply to them.</summary>
    public static readonly JsonSerializerOptions SettingsJsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task<(Normalized? Order, Dictionary<string, string[]> Errors)> ValidateAsync(
        SubmitEvaluationRequest request, ThoughtboardDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) =>
            errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

        LanguageModel? model = null;
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            Add("model", "Name the model to evaluate (register it first with POST /api/models).");
        }
        else
        {
            model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Name == request.Model, cancellationToken);
            if (model is null)
            {
                Add("model", $"There is no model named '{request.Model}'; GET /api/models lists them, POST /api/models registers one.");
            }
        }

        var samples = request.Samples ?? 1;
        if (samples is < 1 or > MaxSamples)
        {
            Add("samples", $"samples must be between 1 and {MaxSamples} (above 1 votes over that many samples: self-consistency).");
        }
        if (request.Limit is < 1 or > MaxLimit)
        {
            Add("limit", $"limit (items per suite) must be between 1 and {MaxLimit}, or left out for every item.");
        }
        if (request.Seed is < 0)
        {
            Add("seed", "seed must be zero or positive.");
        }

        var queue = RunQueue.Cpu;
        if (request.Queue is not null && !(Enum.TryParse(request.Queue, ignoreCase: true, out queue) && Enum.IsDefined(queue)))
        {
            Add("queue", $"'{request.Queue}' is not a queue; use cpu or gpu.");
        }

        var settings = request.Settings ?? new DecodingSettings();
        if (settings.Temperature is { } temperature && (float.IsNaN(temperature) || temperature is < 0 or > 2))
        {
            Add("settings.temperature", "temperature must be between 0 and 2 (0 is greedy decoding).");
        }
        if (settings.TopP is { } topP && (float.IsNaN(topP) || topP is <= 0 or > 1))
        {
            Add("settings.topP", "topP must be above 0 and at most 1.");
        }
        if (settings.TopK is < 0 or > 1000)
        {
            Add("settings.topK", "topK must be between 0 (off) and 1000.");
        }
        if (settings.MinP is { } minP && (float.IsNaN(minP) || minP is < 0 or > 1))
        {
            Add("settings.minP", "minP must be between 0 (off) and 1.");
        }
        if (settings.MaxTokens is < 1 or > MaxTokens)
        {
            Add("settings.maxTokens", $"maxTokens must be between 1 and {MaxTokens}.");
        }
        // Canonical (sorted) so that the same arguments in another order are the same experiment; none are left out.
        var (templateArgs, templateError) = TemplateArguments.Validate(settings.TemplateArgs);
        if (templateError is not null)
            Add("settings.templateArgs", templateError);
        settings = settings with { TemplateArgs = templateArgs is { Count: > 0 } ? templateArgs : null };

        var suites = new List<string>();
        if (request.Suites is not { Count: > 0 } || request.Suites.Count > MaxSuites)
        {
            Add("suites", $"Give 1 to {MaxSuites} suites, e.g. [\"arithmetic\", \"game24@2-4\"]. Built-in suites: {string.Join(", ", BuiltInSuites.Names)}.");
        }
        else
        {
            var imported = await db.Suites.AsNoTracking()
                .Where(s => s.Source == SuiteSource.Imported)
                .Select(s => s.Name)
                .Distinct()
                .ToListAsync(cancellationToken);
            foreach (var text in request.Suites)
            {
                if (NormalizeSuite(text ?? "", imported) is { } normalized)
                {
                    suites.Add(normalized.Spec ?? "");
                    if (normalized.Error is { } error)
                    {
                        Add("suites", error);
                    }
                }
            }
        }

        var styles = new List<string>();
        if (request.Styles is not { Count: > 0 } || request.Styles.Count > MaxStyles)
        {
            Add("styles", $"Give 1 to {MaxStyles} styles, e.g. [\"direct\", \"cot\", \"cot+sc5\"]. Styles: {string.Join(", ", StyleTable.Names)}.");
        }
        else
        {
            foreach (var label in request.Styles)
            {
                var trimmed = (label ?? "").Trim().ToLowerInvariant();
                try
                {
                    var votes = samples is >= 1 and <= MaxSamples && !trimmed.Contains("+sc", StringComparison.Ordinal) ? samples : 1;
                    styles.Add(StyleTable.Create(trimmed, votes).Label);
                }
                catch (ArgumentException ex)
                {
                    Add("styles", ex.Message.Split(" (Parameter", 2)[0]);
                }
            }
        }
        var tieRule = VoteTieRule.First;
        try
        {
            tieRule = SelfConsistency.ParseTieRule(request.VoteTies);
        }
        catch (ArgumentException ex)
        {
            Add("voteTies", ex.Message);
        }
        if (tieRule == VoteTieRule.None && !styles.Any(s => s.Contains("+sc", StringComparison.Ordinal)))
        {
            Add("voteTies", "voteTies applies to a vote: give samples (2 or more) or a label such as cot+sc5.");
        }
        if (suites.Distinct().Count() != suites.Count)
        {
            Add("suites", "A suite is listed twice.");
        }
        if (styles.Distinct().Count() != styles.Count)
        {
            Add("styles", "A style is listed twice (after folding 'samples' into the labels).");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var seed = request.Seed ?? DefaultSeed;
        suites.Sort(StringComparer.Ordinal);
        styles.Sort(StringComparer.Ordinal);
        var hash = RequestHash(model!, suites, styles, settings, request.Limit, seed, queue, tieRule);
        return (new Normalized(model!, suites, styles, settings, samples, request.Limit, seed, queue, hash, tieRule), errors);
    }

    /// <summary>The built-in spec in canonical form (e.g. "game24@2,3,4"), or an imported suite's name.</summary>
    private static (string? Spec, string? Error)? NormalizeSuite(string text, IReadOnlyList<string> imported)
    {
        var trimmed = text.Trim();
        var match = imported.FirstOrDefault(name => string.Equals(name, trimmed, StringComparison.Ordinal));
        if (match is not null)
        {
            return (match, null);
        }
        try
        {
            var spec = SuiteSpec.Parse(trimmed);
            if (BuiltInSuites.All.ContainsKey(spec.Name))
            {
                return (spec.ToString(), null);
            }
        }
        catch (FormatException ex)
        {
            return (trimmed, ex.Message);
        }
        var known = BuiltInSuites.Names.Concat(imported);
        return (trimmed, $"Unknown suite '{trimmed}'. Known suites: {string.Join(", ", known)}.");
    }

    /// <summary>
    /// Equal hashes mean the same experiment: same model file, suites, styles, settings, limit and seed. The model is
    /// named by its SHA-256 so that one file registered twice under two names is still recognised.
    /// </summary>
    /// The default tie rule is left out, so requests made before it existed keep their hashes.
    private static string RequestHash(
        LanguageModel model, List<string> suites, List<string> styles, DecodingSettings settings, int? limit, long seed, RunQueue queue, VoteTieRule tieRule)
    {
        var experiment = new
        {
            model = model.Sha256 ?? $"model-id:{model.Id}",
            suites,
            styles,
            settings,
            limit,
            seed,
            queue,
        };
        var canonical = tieRule == VoteTieRule.First
            ? JsonSerializer.Serialize(experiment, JsonSerializerOptions.Web)
            : JsonSerializer.Serialize(new { experiment, voteTies = "none" }, JsonSerializerOptions.Web);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
