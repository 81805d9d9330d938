using Platform.Llama.Engine;

namespace Platform.Llama.Native;

/// <summary>The <c>native</c> engine: our own P/Invoke binding over node-llama-cpp's npm libraries.</summary>
internal sealed class NativeEngine : ILlamaEngine
{
    public const string Package = "node-llama-cpp 3.22.1 (llama.cpp v0.5.0)";

    public LlamaEngineKind Kind => LlamaEngineKind.Native;

    public LlamaEngineBuild? Build => LlamaBackend.Info is { } info ? Describe(info) : null;

    public LlamaEngineBuild Start(LlamaBackendOptions? backend = null) => Describe(LlamaBackend.Initialize(backend));

    public IEngineModel LoadModel(string path, EngineModelSettings settings)
    {
        LlamaBackend.Initialize(settings.Backend);
        return NativeEngineModel.Load(path, settings);
    }

    private static LlamaEngineBuild Describe(LlamaBackendInfo info)
    {
        // ggml picks the CPU variant itself when it registers the folder's backends; the mapped file says which.
        var variants = LoadedLibraries.WithPrefix("libggml-cpu").Select(Path.GetFileName);
        string build = $"{Package}, {info.Backend.ToString().ToLowerInvariant()}, {string.Join("+", variants.DefaultIfEmpty("unknown CPU variant"))}";
        if (info.HasGpu)
            build += ", GPU: " + string.Join(", ", info.Devices.Where(d => d.Type is LlamaDeviceType.Gpu or LlamaDeviceType.IntegratedGpu).Select(d => d.Description));
        return new LlamaEngineBuild("native", build);
    }
}
