using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Data.Entities;
using Platform.Evaluation.Datasets;
using Platform.Worker.Evaluation;
using Platform.Jobs.Catalog;
using Platform.Jobs.Runs;
using Platform.Worker.Models;

namespace Platform.Worker.Tests.Jobs;

/// <summary>The host a submitted run and the command line share: the context is sized per run, not fixed by the worker.</summary>
public sealed class RunHostTests
{
    private static ModelCache Cache(int sequenceLength = 2048) => new(
        Options.Create(new WorkerOptions { Sequences = 2, SequenceLength = sequenceLength, Threads = 1, ModelMemoryBudgetMegabytes = 4096 }),
        downloader: null, NullLogger<ModelCache>.Instance);

    private static LanguageModel Model() =>
        new() { Name = "tiny", Location = JobTestData.TinyModelPath, CreatedAt = DateTimeOffset.UtcNow };

    /// <summary>A stored run as the job reads it: its suite row, its items and its decoding settings.</summary>
    private static RunDefinition StoredRun(string decoding, string suite = "game24", string style = "stylebench-cot")
    {
        var built = SuiteCatalog.BuiltIn(suite, seed: 3, itemsPerLevel: 1);
        var row = SuiteCatalog.ToStored(built, SuiteSource.Builtin, DateTimeOffset.UtcNow);
        var items = row.Items.ToList();
        row.Items = [];
        var run = new Run
        {
            ConfigHash = "c", Suite = row, Style = new ThinkingStyle { Name = style, Version = "1" },
            DecodingSettingsJson = decoding, ItemLimit = 2, Seed = 3,
        };
        return RunDefinition.From(run, items);
    }

    [Fact]
    public async Task A_run_whose_outputs_exceed_the_worker_s_sequence_length_gets_a_context_that_holds_prompt_and_output()
    {
        using var cache = Cache();
        // StyleBench's protocol gives Game of 24 2048 output tokens; a prompt comes on top of them.
        var definition = StoredRun("{}");
        Assert.Equal(2048, definition.Sampling.MaxTokens);

        using var session = await new RunHost(cache).OpenAsync(Model(), definition, new RunHostOptions(4), null, CancellationToken.None);

        Assert.True(session.Header.Engine.SequenceLength >= 2048 + SequenceBudget.Margin + 20,
            $"sequence length {session.Header.Engine.SequenceLength} cannot hold a prompt and 2048 output tokens");
        Assert.Equal(session.Header.Engine.SequenceLength, session.Engine.Generator.SequenceLength);
        Assert.Equal(2, session.Header.ItemsSelected);
    }

    [Fact]
    public async Task A_longer_run_grows_the_shared_context_and_a_shorter_one_reuses_it()
    {
        using var cache = Cache(sequenceLength: 256);
        var host = new RunHost(cache);
        int small, large, again;
        using (var first = await host.OpenAsync(Model(), StoredRun("""{"maxTokens": 16}""", "arithmetic", "direct"), new RunHostOptions(4), null, CancellationToken.None))
            small = first.Engine.Generator.SequenceLength;
        using (var second = await host.OpenAsync(Model(), StoredRun("""{"maxTokens": 3000}"""), new RunHostOptions(4), null, CancellationToken.None))
            large = second.Engine.Generator.SequenceLength;
        using (var third = await host.OpenAsync(Model(), StoredRun("""{"maxTokens": 16}""", "arithmetic", "direct"), new RunHostOptions(4), null, CancellationToken.None))
            again = third.Engine.Generator.SequenceLength;

        Assert.InRange(small, 256, 1024);
        Assert.True(large > 3000, $"{large}");
        Assert.Equal(large, again);
        Assert.Equal(["tiny"], cache.LoadedModelNames);
    }

    [Fact]
    public async Task A_run_that_needs_more_while_another_holds_the_context_gets_its_own_and_leaves_the_shared_one()
    {
        using var cache = Cache(sequenceLength: 256);
        var host = new RunHost(cache);
        using var holder = await host.OpenAsync(Model(), StoredRun("""{"maxTokens": 16}""", "arithmetic", "direct"), new RunHostOptions(4), null, CancellationToken.None);
        int shared = holder.Engine.Generator.SequenceLength;

        using (var longer = await host.OpenAsync(Model(), StoredRun("""{"maxTokens": 3000}"""), new RunHostOptions(4), null, CancellationToken.None))
        {
            Assert.NotSame(holder.Engine, longer.Engine);
            Assert.True(longer.Engine.Generator.SequenceLength > 3000);
        }

        Assert.Equal(shared, holder.Engine.Generator.SequenceLength);
        Assert.True(shared < 3000);
        await foreach (var record in holder.RunAsync())
            Assert.NotNull(record.Score);
    }
}
