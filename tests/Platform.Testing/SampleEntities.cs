using Platform.Data.Entities;

namespace Platform.Testing;

/// <summary>
/// Valid, fully filled entities for tests that need rows to exist. Names carry a random suffix so tests
/// sharing a database do not collide on unique indexes. Timestamps have whole milliseconds, which
/// PostgreSQL stores exactly.
/// </summary>
public static class SampleEntities
{
    public static readonly DateTimeOffset Moment = new(2026, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    public static LanguageModel Model() => new()
    {
        Name = Unique("qwen2.5-0.5b-instruct-q4_k_m"),
        Family = "qwen2.5",
        ParameterCount = 494_032_768,
        Quantization = "Q4_K_M",
        Location = "/models/qwen2.5-0.5b-instruct-q4_k_m.gguf",
        Sha256 = new string('a', 64),
        SizeBytes = 397_807_936,
        ChatTemplate = "{% for m in messages %}{{ m.content }}{% endfor %}",
        CreatedAt = Moment,
    };

    public static BenchmarkSuite Suite(int items = 2) => new()
    {
        Name = Unique("arithmetic"),
        Version = "1.0.0",
        TaskType = "Arithmetic",
        AnswerKind = "Number",
        Description = "Multi-step integer arithmetic.",
        ContentHash = new string('b', 64),
        Source = SuiteSource.Builtin,
        CreatedAt = Moment,
        Items = Enumerable.Range(0, items).Select(i => new SuiteItem
        {
            Key = $"item-{i}",
            Position = i,
            Level = 1 + i % 3,
            Prompt = $"What is {i} + {i}?",
            Target = $"{i + i}",
            Choices = i % 2 == 0 ? [] : ["12", "14", "16"],
            MetadataJson = $$"""{"operands": "{{i}},{{i}}"}""",
            ContentHash = new string('c', 64),
        }).ToList(),
    };

    public static ThinkingStyle Style() => new()
    {
        Name = Unique("self-consistency"),
        Version = "1",
        ParametersJson = """{"samples": 5, "base": "cot"}""",
        Description = "Majority vote over five chain-of-thought samples.",
        CreatedAt = Moment,
    };

    public static Run Run(LanguageModel model, BenchmarkSuite suite, ThinkingStyle style) => new()
    {
        Model = model,
        Suite = suite,
        Style = style,
        StyleLabel = style.Name,
        DecodingSettingsJson = """{"temperature": 0.7, "topP": 0.95, "maxTokens": 512}""",
        ItemLimit = 50,
        Seed = 42,
        ConfigHash = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
        State = RunState.Running,
        Queue = RunQueue.Cpu,
        WorkerName = "worker-1",
        HangfireJobId = "17",
        ItemsDone = 1,
        ItemsTotal = 2,
        ItemErrors = 0,
        CreatedAt = Moment,
        StartedAt = Moment.AddSeconds(1),
        HeartbeatAt = Moment.AddSeconds(5),
        CancelRequestedAt = Moment.AddSeconds(6),
        TokensIn = 120,
        TokensOut = 340,
        WallTimeSeconds = 4.5,
        TokensPerSecond = 75.5,
    };

    public static ItemResult Result(Run run, SuiteItem item, int sampleIndex = 0) => new()
    {
        Run = run,
        Item = item,
        SampleIndex = sampleIndex,
        RawOutput = "Let me think. 1 + 1 = 2. ANSWER: 2",
        ExtractedAnswerStrict = "2",
        ExtractedAnswerFlexible = "2",
        VerdictStrict = Verdict.Correct,
        VerdictFlexible = Verdict.Correct,
        ExtractionMethod = "answer-line",
        Truncated = false,
        TokensIn = 60,
        TokensOut = 170,
        LatencyMs = 2250.5,
        TranscriptJson = """[{"role": "user", "content": "What is 1 + 1?"}, {"role": "assistant", "content": "ANSWER: 2"}]""",
        ScorerVersion = "numeric-equal/1",
        CreatedAt = Moment.AddSeconds(3),
    };
}
