using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets.Suites;
using Platform.Evaluation.Styles;

namespace Platform.Web.Api;

/// <summary>An evaluation request as clients send it (JSON, camelCase).</summary>
public sealed record SubmitEvaluationRequest(
    string? Model,
    List<string>? Suites,
    List<string>? Styles,
    DecodingSettings? Settings,
    int? Samples,
    int? Limit,
    long? Seed);

/// <summary>Checks a request against the catalogs and the allowed ranges, and normalises it into an order.</summary>
internal static class SubmissionValidation
{
    public const int MaxSuites = 20;
    public const int MaxStyles = 20;
    public const int MaxSamples = 64;
    public const int MaxLimit = 100_000;
    public const int MaxTokens = 32_768;

    public sealed record Normalized(LanguageModel Model, List<string> Suites, List<string> Styles, DecodingSettings Settings, int Samples, int? Limit, long Seed, string RequestHash);

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
                    StyleTable.Create(trimmed, samples is >= 1 and <= MaxSamples ? samples : 1);
                    styles.Add(samples > 1 && !trimmed.Contains("+sc", StringComparison.Ordinal) ? $"{trimmed}+sc{samples}" : trimmed);
                }
                catch (ArgumentException ex)
                {
                    Add("styles", ex.Message.Split(" (Parameter", 2)[0]);
                }
            }
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
        var seed = request.Seed ?? 0;
        suites.Sort(StringComparer.Ordinal);
        styles.Sort(StringComparer.Ordinal);
        var hash = RequestHash(model!, suites, styles, settings, request.Limit, seed);
        return (new Normalized(model!, suites, styles, settings, samples, request.Limit, seed, hash), errors);
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
    private static string RequestHash(LanguageModel model, List<string> suites, List<string> styles, DecodingSettings settings, int? limit, long seed)
    {
        var canonical = JsonSerializer.Serialize(new
        {
            model = model.Sha256 ?? $"model-id:{model.Id}",
            suites,
            styles,
            settings,
            limit,
            seed,
        }, JsonSerializerOptions.Web);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
