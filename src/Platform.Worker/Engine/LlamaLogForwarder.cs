using Microsoft.Extensions.Logging;
using Platform.Llama;

namespace Platform.Worker.Engine;

/// <summary>
/// Sends llama.cpp's log lines (<see cref="LlamaBackend.Log"/>) to an <see cref="ILogger"/> until disposed.
/// llama.cpp's info level is chatty (every tensor and buffer at load), so it is logged as Debug.
/// </summary>
public sealed class LlamaLogForwarder : IDisposable
{
    private readonly ILogger _logger;

    public LlamaLogForwarder(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        LlamaBackend.Log += Forward;
    }

    internal static LogLevel Map(LlamaLogLevel level) => level switch
    {
        LlamaLogLevel.Error => LogLevel.Error,
        LlamaLogLevel.Warning => LogLevel.Warning,
        LlamaLogLevel.Info => LogLevel.Debug,
        _ => LogLevel.Trace,
    };

    private void Forward(LlamaLogLevel level, string line)
    {
        var mapped = Map(level);
        if (!string.IsNullOrWhiteSpace(line) && _logger.IsEnabled(mapped))
            _logger.Log(mapped, "llama.cpp: {Line}", line.TrimEnd());
    }

    public void Dispose() => LlamaBackend.Log -= Forward;
}
