using System.Diagnostics;

namespace Platform.Llama.Tests;

[Collection(TinyModelCollection.Name)]
public sealed class GeneratorTests(TinyModelFixture fixture)
{
    private static readonly string[] Prompts =
    [
        "Once upon a time",
        "The capital of France is",
        "def fibonacci(n):",
        "Question: what is 17 times 3? Answer:",
        "In the beginning there was",
        "SELECT name FROM users WHERE",
        "Dear diary, today I",
    ];

    private LlamaModel Model => fixture.Model;

    // One thread: the tiny model gains nothing from more, and ggml's spinning worker threads slow to a crawl
    // when the test machine's few cores are busy with other work.
    private BatchedGenerator NewGenerator(int sequences = 4, int sequenceLength = 512, CancellationToken cancellationToken = default, bool unified = false) =>
        new(Model, new BatchedGeneratorOptions { Sequences = sequences, SequenceLength = sequenceLength, BatchSize = 256, Threads = 1, UnifiedKvCache = unified }, cancellationToken);

    private static GenerationRequest Greedy(string prompt, int maxTokens = 24) => new() { Prompt = prompt, MaxTokens = maxTokens };

    [Fact]
    public async Task Greedy_output_is_deterministic_and_depends_on_the_prompt()
    {
        using var generator = NewGenerator();
        var first = await generator.GenerateAsync(Greedy(Prompts[0]));
        var second = await generator.GenerateAsync(Greedy(Prompts[0]));
        Assert.Equal(first.Samples[0].Tokens, second.Samples[0].Tokens);
        Assert.Equal(first.Samples[0].Text, second.Samples[0].Text);

        var outputs = new HashSet<string>();
        foreach (string prompt in Prompts)
            outputs.Add(string.Join(",", (await generator.GenerateAsync(Greedy(prompt))).Samples[0].Tokens));
        Assert.True(outputs.Count >= Prompts.Length - 1, $"only {outputs.Count} distinct continuations for {Prompts.Length} prompts");
    }

    [Fact]
    public async Task Batched_output_equals_one_at_a_time_output()
    {
        using var generator = NewGenerator(sequences: 4);
        var alone = new List<IReadOnlyList<int>>();
        foreach (string prompt in Prompts.Take(4))
            alone.Add((await generator.GenerateAsync(Greedy(prompt))).Samples[0].Tokens);

        var before = generator.Statistics;
        var together = await Task.WhenAll(Prompts.Take(4).Select(p => generator.GenerateAsync(Greedy(p))));
        for (int i = 0; i < 4; i++)
            Assert.Equal(alone[i], together[i].Samples[0].Tokens);
        Assert.True(generator.Statistics.MostSequencesInOneDecode >= 2, "requests were never decoded together");
        Assert.True(generator.Statistics.DecodeCalls - before.DecodeCalls < 4 * 25, "batched requests took as many decodes as sequential ones");
    }

    [Fact]
    public async Task Sequences_that_outlive_their_neighbours_are_moved_down_and_keep_their_output()
    {
        using var generator = NewGenerator(sequences: 4);
        int[] maxTokens = [2, 30, 5, 30, 30, 3];
        var alone = new List<IReadOnlyList<int>>();
        for (int i = 0; i < maxTokens.Length; i++)
            alone.Add((await generator.GenerateAsync(Greedy(Prompts[i], maxTokens[i]))).Samples[0].Tokens);
        Assert.All(alone.Select((tokens, i) => (tokens, i)), pair => Assert.Equal(maxTokens[pair.i], pair.tokens.Count));

        // Six requests on four slots: the short ones finish first and leave holes below running sequences,
        // and the two queued requests are admitted into whichever ids are free then.
        var before = generator.Statistics;
        var together = await Task.WhenAll(maxTokens.Select((max, i) => generator.GenerateAsync(Greedy(Prompts[i], max))));
        var after = generator.Statistics;

        for (int i = 0; i < maxTokens.Length; i++)
            Assert.Equal(alone[i], together[i].Samples[0].Tokens);
        Assert.True(after.SequencesMoved > before.SequencesMoved, "no running sequence was moved into a freed id");
        Assert.Equal(before.SplitDecodes, after.SplitDecodes);
        Assert.True(after.MostSequencesInOneDecode >= 3);
    }

    [Fact]
    public async Task A_mixed_load_of_forks_chunked_prompts_and_early_finishes_gives_what_each_request_gives_alone()
    {
        // Four slots and a batch of 8 tokens: prompts are fed in chunks beside generating sequences, forks take the
        // ids left free, and requests finish at different steps, so sequences are moved down again and again.
        using var generator = new BatchedGenerator(Model, new BatchedGeneratorOptions { Sequences = 4, SequenceLength = 256, BatchSize = 8, Threads = 1 });
        var random = new Random(2026);
        var requests = Enumerable.Range(0, 12).Select(i => new GenerationRequest
        {
            Prompt = string.Join(" ", Enumerable.Repeat(Prompts[i % Prompts.Length], 1 + random.Next(4))),
            MaxTokens = 2 + random.Next(20),
            Samples = 1 + random.Next(3),
            Sampling = i % 3 == 0 ? SamplingOptions.Greedy : new SamplingOptions { Temperature = 0.8f, TopK = 40, Seed = (ulong)(100 + i) },
        }).ToList();

        var before = generator.Statistics;
        var together = await Task.WhenAll(requests.Select(r => generator.GenerateAsync(r)));
        var after = generator.Statistics;

        for (int i = 0; i < requests.Count; i++)
        {
            for (int sample = 0; sample < requests[i].Samples; sample++)
            {
                // Sample k of a fork is the same request alone with seed + k.
                var alone = requests[i] with { Samples = 1, Sampling = requests[i].Sampling with { Seed = requests[i].Sampling.Seed + (ulong)sample } };
                var expected = (await generator.GenerateAsync(alone)).Samples[0].Tokens;
                Assert.Equal(expected, together[i].Samples[sample].Tokens);
            }
        }
        Assert.Equal(before.SplitDecodes, after.SplitDecodes);
        Assert.True(after.SequencesMoved > before.SequencesMoved, "the load never moved a sequence");
    }

    [Fact]
    public async Task Forked_samples_equal_separate_requests_with_the_matching_seeds()
    {
        using var generator = NewGenerator(sequences: 4);
        var sampling = new SamplingOptions { Temperature = 0.9f, TopK = 40, TopP = 0.95f, MinP = 0.02f, Seed = 1234 };
        var forked = await generator.GenerateAsync(new GenerationRequest { Prompt = Prompts[1], Sampling = sampling, MaxTokens = 16, Samples = 3 });
        Assert.Equal(3, forked.Samples.Count);
        for (int i = 0; i < 3; i++)
        {
            var single = await generator.GenerateAsync(new GenerationRequest { Prompt = Prompts[1], Sampling = sampling with { Seed = 1234 + (ulong)i }, MaxTokens = 16 });
            Assert.Equal(single.Samples[0].Tokens, forked.Samples[i].Tokens);
            Assert.Equal(i, forked.Samples[i].Index);
        }

        var greedyForks = await generator.GenerateAsync(Greedy(Prompts[2]) with { Samples = 2 });
        var greedySingle = await generator.GenerateAsync(Greedy(Prompts[2]));
        Assert.Equal(greedySingle.Samples[0].Tokens, greedyForks.Samples[0].Tokens);
        Assert.Equal(greedySingle.Samples[0].Tokens, greedyForks.Samples[1].Tokens);
    }

    [Fact]
    public async Task Seeded_samples_are_reproducible_and_differ_from_each_other()
    {
        using var generator = NewGenerator(sequences: 4);
        var request = new GenerationRequest { Prompt = Prompts[3], Sampling = new SamplingOptions { Temperature = 1.0f, Seed = 99 }, MaxTokens = 16, Samples = 4 };
        var first = await generator.GenerateAsync(request);
        var second = await generator.GenerateAsync(request);
        Assert.Equal(first.Samples.Select(s => s.Tokens), second.Samples.Select(s => s.Tokens));
        Assert.True(first.Samples.Select(s => string.Join(",", s.Tokens)).Distinct().Count() >= 3, "samples with different seeds were nearly all identical");

        var reseeded = await generator.GenerateAsync(request with { Sampling = request.Sampling with { Seed = 100 } });
        Assert.NotEqual(first.Samples[0].Tokens, reseeded.Samples[0].Tokens);
    }

    [Fact]
    public async Task Stop_string_ends_the_output_before_it()
    {
        using var generator = NewGenerator();
        var full = (await generator.GenerateAsync(Greedy(Prompts[4], maxTokens: 32))).Samples[0];
        Assert.True(full.Text.Length > 12, $"output too short to test: '{full.Text}'");
        string stop = full.Text.Substring(8, 3);
        int expectedEnd = full.Text.IndexOf(stop, StringComparison.Ordinal);

        var stopped = (await generator.GenerateAsync(Greedy(Prompts[4], maxTokens: 32) with { Stop = ["never appears \u0001", stop] })).Samples[0];
        Assert.Equal(StopReason.StopString, stopped.StopReason);
        Assert.False(stopped.Truncated);
        Assert.Equal(full.Text[..expectedEnd], stopped.Text);
        Assert.True(stopped.OutputTokens < full.OutputTokens);
        Assert.Equal(full.Tokens.Take(stopped.OutputTokens), stopped.Tokens);
    }

    [Fact]
    public async Task Max_tokens_truncates_and_says_so()
    {
        using var generator = NewGenerator();
        var sample = (await generator.GenerateAsync(Greedy(Prompts[5], maxTokens: 7))).Samples[0];
        Assert.Equal(7, sample.OutputTokens);
        Assert.Equal(7, sample.Tokens.Count);
        Assert.True(sample.Truncated);
        Assert.Equal(StopReason.MaxTokens, sample.StopReason);
        Assert.Equal(Model.Tokenize(Prompts[5], addSpecial: true, parseSpecial: true).Length, sample.PromptTokens);
        Assert.Equal(Model.Detokenize(sample.Tokens.ToArray()).TrimStart(), sample.Text.TrimStart());
    }

    [Fact]
    public async Task A_sample_reports_the_part_of_its_generation_spent_inside_decode()
    {
        using var generator = NewGenerator();
        var one = (await generator.GenerateAsync(Greedy(Prompts[1], maxTokens: 1))).Samples[0];
        // The only token comes from the prompt's logits: no decode fed this sample's output.
        Assert.Equal(TimeSpan.Zero, one.Timings.Decoding);

        var sample = (await generator.GenerateAsync(Greedy(Prompts[1], maxTokens: 20))).Samples[0];
        Assert.Equal(20, sample.OutputTokens);
        Assert.True(sample.Timings.Decoding > TimeSpan.Zero, "no decode time was recorded for 19 decode steps");
        Assert.True(sample.Timings.Decoding <= sample.Timings.Generation,
            $"decoding {sample.Timings.Decoding} is more than the whole generation {sample.Timings.Generation}");
    }

    [Fact]
    public async Task Full_sequence_stops_with_context_full()
    {
        using var generator = NewGenerator(sequences: 2, sequenceLength: 256);
        var prompt = Model.Tokenize(string.Join(' ', Enumerable.Repeat("alpha beta", 200)))[..250];
        var sample = (await generator.GenerateAsync(new GenerationRequest { PromptTokens = prompt, MaxTokens = 100 })).Samples[0];
        Assert.Equal(StopReason.ContextFull, sample.StopReason);
        Assert.True(sample.Truncated);
        Assert.Equal(256 - 250 + 1, sample.OutputTokens);
    }

    [Fact]
    public async Task Cancelling_a_request_stops_it_within_a_step_and_the_generator_keeps_working()
    {
        using var generator = NewGenerator(sequences: 2, sequenceLength: 4096);
        using var cancellation = new CancellationTokenSource();
        var running = generator.GenerateAsync(Greedy(Prompts[0], maxTokens: 4000), cancellation.Token);
        while (generator.Statistics.DecodeCalls < 5)
            await Task.Delay(5);
        var clock = Stopwatch.StartNew();
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"cancellation took {clock.Elapsed}");

        var after = await generator.GenerateAsync(Greedy(Prompts[1], maxTokens: 4));
        Assert.Equal(4, after.Samples[0].OutputTokens);
    }

    [Fact]
    public async Task Disposing_or_cancelling_the_generator_cancels_pending_requests()
    {
        using var shutdown = new CancellationTokenSource();
        var generator = NewGenerator(sequences: 1, sequenceLength: 4096, cancellationToken: shutdown.Token);
        var running = generator.GenerateAsync(Greedy(Prompts[0], maxTokens: 4000));
        var queued = generator.GenerateAsync(Greedy(Prompts[1], maxTokens: 4000));
        while (generator.Statistics.DecodeCalls < 3)
            await Task.Delay(5);
        shutdown.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        generator.Dispose();
        Assert.Throws<ObjectDisposedException>(() => { _ = generator.GenerateAsync(Greedy(Prompts[2])); });
    }

    [Fact]
    public async Task Prompt_longer_than_a_sequence_fails_alone_while_others_complete()
    {
        using var generator = NewGenerator(sequences: 2, sequenceLength: 256);
        var tooLong = Model.Tokenize(string.Join(' ', Enumerable.Repeat("alpha beta gamma", 200)));
        Assert.True(tooLong.Length > 256);

        var good1 = generator.GenerateAsync(Greedy(Prompts[0], maxTokens: 8));
        var bad = generator.GenerateAsync(new GenerationRequest { PromptTokens = tooLong, MaxTokens = 8 });
        var good2 = generator.GenerateAsync(Greedy(Prompts[1], maxTokens: 8));

        var error = await Assert.ThrowsAsync<LlamaException>(() => bad);
        Assert.Contains($"{tooLong.Length} tokens", error.Message);
        Assert.Contains("SequenceLength", error.Message);
        Assert.Equal(8, (await good1).Samples[0].OutputTokens);
        Assert.Equal(8, (await good2).Samples[0].OutputTokens);
    }

    [Fact]
    public async Task More_requests_than_slots_all_complete_with_the_same_results()
    {
        using var generator = NewGenerator(sequences: 2);
        var requests = Prompts.Select(p => Greedy(p, maxTokens: 12)).ToArray();
        var concurrent = await Task.WhenAll(requests.Select(r => generator.GenerateAsync(r)));
        Assert.Equal(Prompts.Length, concurrent.Length);
        Assert.Equal(2, generator.Statistics.MostSequencesInOneDecode);
        for (int i = 0; i < requests.Length; i++)
        {
            var alone = await generator.GenerateAsync(requests[i]);
            Assert.Equal(alone.Samples[0].Tokens, concurrent[i].Samples[0].Tokens);
        }
    }

    [Fact]
    public async Task Forked_request_waits_for_enough_free_slots()
    {
        using var generator = NewGenerator(sequences: 3);
        var occupying = generator.GenerateAsync(Greedy(Prompts[0], maxTokens: 40) with { Samples = 2 });
        var waiting = generator.GenerateAsync(Greedy(Prompts[1], maxTokens: 5) with { Samples = 3 });
        var results = await Task.WhenAll(occupying, waiting);
        Assert.Equal(2, results[0].Samples.Count);
        Assert.Equal(3, results[1].Samples.Count);
        Assert.All(results[1].Samples, s => Assert.Equal(5, s.OutputTokens));
        // Greedy forks finish together, so the waiting request was admitted only after they were done.
        Assert.True(results[1].Samples[0].Timings.Queued >= results[0].Samples[0].Timings.Generation * 0.5,
            $"queued {results[1].Samples[0].Timings.Queued} while the occupying request generated for {results[0].Samples[0].Timings.Generation}");

        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(Greedy(Prompts[1]) with { Samples = 4 }));
    }

    [Fact]
    public async Task Prompts_longer_than_the_batch_are_fed_in_chunks_with_the_same_result()
    {
        var prompt = Model.Tokenize(string.Join(' ', Enumerable.Range(0, 120).Select(i => $"w{i}")))[..200];
        using var wide = NewGenerator(sequences: 2);
        using var narrow = new BatchedGenerator(Model, new BatchedGeneratorOptions { Sequences = 2, SequenceLength = 512, BatchSize = 48, Threads = 1 });
        // Greedy: llama.cpp's CPU kernels take other code paths for small and large batches, which can move
        // logits in their last bits; an argmax does not notice, a random draw sometimes does.
        var request = new GenerationRequest { PromptTokens = prompt, MaxTokens = 10, Samples = 2 };

        var expected = await wide.GenerateAsync(request);
        // A second request generates while the long prompt is still being fed in chunks.
        var concurrent = narrow.GenerateAsync(Greedy(Prompts[0], maxTokens: 10));
        var chunked = await narrow.GenerateAsync(request);

        Assert.Equal(expected.Samples.Select(s => s.Tokens), chunked.Samples.Select(s => s.Tokens));
        Assert.True(narrow.Statistics.DecodeCalls >= 200 / 48 + 10);
        Assert.Equal((await wide.GenerateAsync(Greedy(Prompts[0], maxTokens: 10))).Samples[0].Tokens, (await concurrent).Samples[0].Tokens);
    }

    [Fact]
    public async Task Generator_keeps_its_model_alive_after_the_model_is_disposed()
    {
        var model = LlamaModel.Load(TestModels.Tiny);
        using var generator = new BatchedGenerator(model, new BatchedGeneratorOptions { Sequences = 2, SequenceLength = 512, Threads = 1 });
        int[] prompt = model.Tokenize(Prompts[0]);
        var expected = await generator.GenerateAsync(new GenerationRequest { Prompt = Prompts[0], MaxTokens = 100 });

        var running = generator.GenerateAsync(new GenerationRequest { PromptTokens = prompt, MaxTokens = 100 });
        model.Dispose();
        Assert.Equal(expected.Samples[0].Tokens, (await running).Samples[0].Tokens);
        var afterwards = await generator.GenerateAsync(new GenerationRequest { Prompt = Prompts[0], MaxTokens = 100 });
        Assert.Equal(expected.Samples[0].Text, afterwards.Samples[0].Text);
        Assert.Throws<ObjectDisposedException>(() => { model.Tokenize("text"); });
    }

    [Fact]
    public async Task Invalid_requests_fail_with_the_reason()
    {
        using var generator = NewGenerator(sequences: 2);
        async Task<string> Reason(GenerationRequest request) => (await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(request))).Message;

        Assert.Contains("exactly one of Prompt and PromptTokens", await Reason(new GenerationRequest()));
        Assert.Contains("MaxTokens", await Reason(Greedy(Prompts[0]) with { MaxTokens = 0 }));
        Assert.Contains("Samples", await Reason(Greedy(Prompts[0]) with { Samples = 3 }));
        Assert.Contains("TopP", await Reason(Greedy(Prompts[0]) with { Sampling = new SamplingOptions { Temperature = 1, TopP = 0 } }));
        Assert.Contains("MinP", await Reason(Greedy(Prompts[0]) with { Sampling = new SamplingOptions { MinP = 2 } }));
        Assert.Contains("TopK", await Reason(Greedy(Prompts[0]) with { Sampling = new SamplingOptions { TopK = -1 } }));
        Assert.Contains("Temperature", await Reason(Greedy(Prompts[0]) with { Sampling = new SamplingOptions { Temperature = float.NaN } }));
        Assert.Contains("Stop", await Reason(Greedy(Prompts[0]) with { Stop = [""] }));
        Assert.Contains("outside the vocabulary", await Reason(new GenerationRequest { PromptTokens = [1, 32000] }));
        Assert.Contains("empty", await Reason(new GenerationRequest { PromptTokens = [] }));

        Assert.Equal(3, (await generator.GenerateAsync(Greedy(Prompts[0], maxTokens: 3))).Samples[0].OutputTokens);
    }

    [Fact]
    public async Task Unified_kv_cache_gives_the_same_forked_output()
    {
        using var split = NewGenerator(sequences: 3);
        using var unified = NewGenerator(sequences: 3, unified: true);
        var request = new GenerationRequest { Prompt = Prompts[6], Sampling = new SamplingOptions { Temperature = 0.8f, Seed = 5 }, MaxTokens = 12, Samples = 3 };
        var a = await split.GenerateAsync(request);
        var b = await unified.GenerateAsync(request);
        Assert.Equal(a.Samples.Select(s => s.Tokens), b.Samples.Select(s => s.Tokens));
    }
}
