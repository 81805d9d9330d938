using Platform.Gguf;
using Platform.Worker.Engine;

namespace Platform.Worker.Models;

/// <summary>A loaded model handed to one run; disposing it gives it back to the cache (it stays loaded).</summary>
public sealed class ModelLease : IDisposable
{
    private readonly ModelCache.Entry _entry;
    private readonly LlamaEvaluationModel _engine;
    private readonly bool _ownsEngine;
    private int _released;

    internal ModelLease(ModelCache.Entry entry, LlamaEvaluationModel engine, bool ownsEngine)
    {
        _entry = entry;
        _engine = engine;
        _ownsEngine = ownsEngine;
    }

    /// <summary>The engine sized for this run: its context holds the run's longest prompt and output.</summary>
    public LlamaEvaluationModel Model => _engine;

    /// <summary>The verified GGUF file the weights were read from.</summary>
    public string Path => _entry.Path;

    /// <summary>The verified file's GGUF says its weights are random (<see cref="TestModelGenerator.RandomWeightsKey"/>).</summary>
    public bool DeclaresRandomWeights => _entry.RandomWeights;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
            return;
        if (_ownsEngine)
            _engine.Dispose();
        Interlocked.Decrement(ref _entry.Leases);
    }
}
