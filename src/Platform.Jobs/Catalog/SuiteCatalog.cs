using System.Globalization;
using System.Text.Json;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets;
using Platform.Evaluation.Datasets.Suites;
using Platform.Evaluation.Scoring.Checkers;

namespace Platform.Jobs.Catalog;

/// <summary>
/// Where the suites of a run come from: the built-in generators (with one documented seed and size, so the
/// command line, the seeded database and the leaderboard all mean the same items), or stored rows.
/// </summary>
public static class SuiteCatalog
{
    /// <summary>The seed every built-in suite is generated from unless a run asks for another.</summary>
    public const ulong BuiltInSeed = 2026;

    /// <summary>Items generated per difficulty level of a built-in suite (5 levels, so 100 items).</summary>
    public const int BuiltInItemsPerLevel = 20;

    /// <summary>
    /// A built-in suite from a spec such as <c>arithmetic</c> or <c>game24@2-4</c>. Items are ordered round-robin
    /// over the levels (L1#0, L2#0, ..., L1#1, ...), so a run limited to its first N items still covers every level.
    /// </summary>
    /// <exception cref="FormatException">The spec's levels are malformed.</exception>
    /// <exception cref="KeyNotFoundException">There is no built-in suite of that name.</exception>
    public static Suite BuiltIn(string spec, ulong seed = BuiltInSeed, int itemsPerLevel = BuiltInItemsPerLevel)
    {
        var parsed = SuiteSpec.Parse(spec);
        var suite = BuiltInSuites.Build(BuiltInSuites.Get(parsed.Name), seed, itemsPerLevel, parsed.Levels);
        var interleaved = suite.Items
            .Select((item, position) => (item, position))
            .OrderBy(x => x.position % itemsPerLevel)
            .ThenBy(x => x.item.Level)
            .Select(x => x.item)
            .ToList();
        return suite with { Items = interleaved };
    }

    /// <summary>The first <paramref name="limit"/> items (all when null), keeping the suite's identity.</summary>
    public static Suite Limit(Suite suite, int? limit) =>
        limit is { } n && n < suite.Items.Count ? suite with { Items = suite.Items.Take(n).ToList() } : suite;

    /// <summary>A stored suite as the evaluation core sees it; items in their stored order.</summary>
    /// <exception cref="FormatException">The row names a task type or answer kind the core does not know.</exception>
    public static Suite FromStored(BenchmarkSuite stored)
    {
        var taskType = ParseEnum<TaskType>(stored.TaskType, stored.Name, "task type");
        var answerKind = ParseEnum<AnswerKind>(stored.AnswerKind, stored.Name, "answer kind");
        var items = stored.Items.OrderBy(i => i.Position).Select(i => new Item(
            i.Key, i.Level, i.Prompt, i.Target,
            i.Choices.Count == 0 ? Item.NoChoices : i.Choices.ToList(),
            ReadMetadata(i.MetadataJson, stored.Name, i.Key))).ToList();
        return new Suite(stored.Name, stored.Version, taskType, answerKind, stored.Description, items, AnswerCheckers.For(answerKind));
    }

    /// <summary>The row (and its item rows) that stores <paramref name="suite"/>; positions follow the suite's order.</summary>
    public static BenchmarkSuite ToStored(Suite suite, SuiteSource source, DateTimeOffset now) => new()
    {
        Name = suite.Name,
        Version = suite.Version,
        TaskType = suite.TaskType.ToString(),
        AnswerKind = suite.AnswerKind.ToString(),
        Description = suite.Description,
        ContentHash = suite.ContentHash,
        Source = source,
        CreatedAt = now,
        Items = suite.Items.Select((item, position) => new SuiteItem
        {
            Key = item.Id,
            Position = position,
            Level = item.Level,
            Prompt = item.Question,
            Target = item.Target,
            Choices = item.Choices.ToList(),
            MetadataJson = JsonSerializer.Serialize(
                item.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).ToDictionary(m => m.Key, m => m.Value),
                StoredJson.Default.DictionaryStringString),
            ContentHash = item.ContentHash,
        }).ToList(),
    };

    private static T ParseEnum<T>(string text, string suite, string what) where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value)
            ? value
            : throw new FormatException(
                $"Stored suite '{suite}' has {what} '{text}', which this version does not know (known: {string.Join(", ", Enum.GetNames<T>())}).");

    private static IReadOnlyDictionary<string, string> ReadMetadata(string json, string suite, string key)
    {
        try
        {
            var metadata = JsonSerializer.Deserialize(json, StoredJson.Default.DictionaryStringString);
            return metadata is null || metadata.Count == 0 ? Item.NoMetadata : metadata;
        }
        catch (JsonException ex)
        {
            throw new FormatException(
                string.Create(CultureInfo.InvariantCulture, $"Item '{key}' of stored suite '{suite}' has metadata that is not a JSON object of strings: {ex.Message}"), ex);
        }
    }
}
