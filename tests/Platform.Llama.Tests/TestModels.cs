using Platform.Gguf;

namespace Platform.Llama.Tests;

/// <summary>
/// Generated models shared by the tests, written once per machine into a cache folder (never committed),
/// and the backend initialised the way the application does it: walking up to <c>.native/</c>.
/// </summary>
public static class TestModels
{
    public static readonly string CacheDirectory = Path.Combine(Path.GetTempPath(), "thoughtboard-test-models");

    private static readonly Lazy<string> TinyPath = new(() =>
    {
        LlamaBackend.Initialize();
        return TestModelGenerator.EnsureModel(TestModelSpec.Tiny, CacheDirectory);
    });

    private static readonly Lazy<string> TinyQ8_0Path = new(() =>
    {
        LlamaBackend.Initialize();
        return TestModelGenerator.EnsureModel(TestModelSpec.TinyQ8_0, CacheDirectory);
    });

    public static string TinyQ8_0 => TinyQ8_0Path.Value;

    /// <summary>The tiny model's path; throws the backend's "run scripts/fetch-native.sh cpu" error when libraries are absent.</summary>
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
