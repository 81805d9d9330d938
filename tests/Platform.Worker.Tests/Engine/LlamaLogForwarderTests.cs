using Microsoft.Extensions.Logging;
using Platform.Llama;
using Platform.Gguf;
using Platform.Worker.Engine;

namespace Platform.Worker.Tests.Engine;

public sealed class LlamaLogForwarderTests
{
    private sealed class CapturingLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries) Entries.Add((logLevel, formatter(state, exception)));
        }
    }

    [Fact]
    public void Model_loading_is_logged_until_the_forwarder_is_disposed()
    {
        LlamaBackend.Initialize();
        string path = TestModelGenerator.EnsureModel(TestModelSpec.Tiny, Path.Combine(Path.GetTempPath(), "thoughtboard-test-models"));
        var logger = new CapturingLogger();
        using (new LlamaLogForwarder(logger))
        {
            using var model = LlamaModel.Load(path);
        }
        int count;
        lock (logger.Entries)
        {
            Assert.Contains(logger.Entries, e => e.Level == LogLevel.Debug && e.Message.StartsWith("llama.cpp: llama_model_loader", StringComparison.Ordinal));
            count = logger.Entries.Count;
        }

        using (var model = LlamaModel.Load(path)) { }
        lock (logger.Entries)
            Assert.Equal(count, logger.Entries.Count);
    }

    [Theory]
    [InlineData(LlamaLogLevel.Error, LogLevel.Error)]
    [InlineData(LlamaLogLevel.Warning, LogLevel.Warning)]
    [InlineData(LlamaLogLevel.Info, LogLevel.Debug)]
    [InlineData(LlamaLogLevel.Debug, LogLevel.Trace)]
    public void Levels_map_to_logging_levels(LlamaLogLevel native, LogLevel expected) =>
        Assert.Equal(expected, LlamaLogForwarder.Map(native));
}
