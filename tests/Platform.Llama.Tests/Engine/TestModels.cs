using Platform.Gguf;
using Platform.Llama.Engine;

namespace Platform.Llama.Tests;

/// <summary>
/// Generated models shared by the tests, written once per machine into a cache folder (never committed), and the
/// engine under test (<see cref="EngineUnderTest"/>: each test project runs these classes on one engine, in a
/// process of its own).
/// </summary>
public static class TestModels
{
    public static readonly string CacheDirectory = Path.Combine(Path.GetTempPath(), "thoughtboard-test-models");

    private static readonly Lazy<ILlamaEngine> SelectedEngine = new(() => LlamaEngines.Use(EngineUnderTest.Kind));

    /// <summary>Selects the project's engine for this process (before anything loads a library) and returns it.</summary>
    public static ILlamaEngine Engine => SelectedEngine.Value;

    private static readonly Lazy<string> TinyPath = new(() =>
    {
        _ = Engine;
        return TestModelGenerator.EnsureModel(TestModelSpec.Tiny, CacheDirectory);
    });

    private static readonly Lazy<string> TinyQ8_0Path = new(() =>
    {
        _ = Engine;
        return TestModelGenerator.EnsureModel(TestModelSpec.TinyQ8_0, CacheDirectory);
    });

    public static string TinyQ8_0 => TinyQ8_0Path.Value;

    /// <summary>The tiny model's path (written from llama.cpp's vocabulary file, which `scripts/fetch-native.sh source` provides).</summary>
    public static string Tiny => TinyPath.Value;

    private static readonly Lazy<string> RunDirectory = new(() =>
    {
        string path = Path.Combine(Path.GetTempPath(), "thoughtboard-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(path, recursive: true); }
            catch (IOException) { } // best effort: a leftover temp folder is harmless
        };
        return path;
    });

    /// <summary>A fresh folder under this run's temp folder, which is deleted when the test process exits.</summary>
    public static string NewTemporaryDirectory() =>
        Directory.CreateDirectory(Path.Combine(RunDirectory.Value, Guid.NewGuid().ToString("N"))).FullName;
}

/// <summary>One loaded tiny model for every test class that only reads from it.</summary>
public sealed class TinyModelFixture : IDisposable
{
    public TinyModelFixture() => Model = LlamaModel.Load(TestModels.Tiny);

    public LlamaModel Model { get; }

    public void Dispose() => Model.Dispose();
}

[CollectionDefinition(Name)]
public sealed class TinyModelCollection : ICollectionFixture<TinyModelFixture>
{
    public const string Name = "tiny model";
}
