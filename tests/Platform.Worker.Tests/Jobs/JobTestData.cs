using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets.Suites;
using Platform.Jobs.Catalog;
using Platform.Llama;
using Platform.Gguf;
using Platform.Worker.Evaluation;

namespace Platform.Worker.Tests.Jobs;

/// <summary>Rows a run needs: the generated tiny model, a built-in suite stored item by item, and a style.</summary>
public static class JobTestData
{
    public static readonly string ModelDirectory = Path.Combine(Path.GetTempPath(), "thoughtboard-test-models");

    private static readonly Lazy<string> TinyPath = new(() =>
    {
        LlamaBackend.Initialize();
        return TestModelGenerator.EnsureModel(TestModelSpec.Tiny, ModelDirectory);
    });

    public static string TinyModelPath => TinyPath.Value;

    /// <summary>Greedy, and long enough outputs that a run of a few dozen items takes a few seconds.</summary>
    public const string Decoding = """{"temperature": 0, "maxTokens": 48}""";

    public static async Task<LanguageModel> AddModelAsync(ThoughtboardDbContext db, string? path = null)
    {
        var model = new LanguageModel
        {
            Name = $"tiny-{Guid.NewGuid():N}"[..13],
            Location = path ?? TinyModelPath,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Models.Add(model);
        await db.SaveChangesAsync();
        return model;
    }

    /// <summary>The arithmetic suite at levels 1-2 with <paramref name="perLevel"/> items each, stored as rows.</summary>
    public static async Task<BenchmarkSuite> AddSuiteAsync(ThoughtboardDbContext db, int perLevel, ulong seed = 7)
    {
        var suite = BuiltInSuites.Build("arithmetic@1-2", seed, perLevel);
        var row = SuiteCatalog.ToStored(suite, SuiteSource.Builtin, DateTimeOffset.UtcNow);
        row.Name = $"{suite.Name}-{Guid.NewGuid():N}"[..(suite.Name.Length + 9)];
        db.Suites.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    public static async Task<ThinkingStyle> AddStyleAsync(ThoughtboardDbContext db, string name = "direct")
    {
        var style = await db.Styles.FirstOrDefaultAsync(s => s.Name == name);
        if (style is not null)
            return style;
        style = new ThinkingStyle { Name = name, Version = "1", CreatedAt = DateTimeOffset.UtcNow };
        db.Styles.Add(style);
        await db.SaveChangesAsync();
        return style;
    }
}
