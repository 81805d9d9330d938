using System.Reflection;
using System.Runtime.InteropServices;
using LLama.Exceptions;
using LLama.Native;
using Platform.Llama.Engine;
using NativeLog = Platform.Llama.Native.NativeLog;

namespace Platform.Llama.LlamaSharp;

/// <summary>
/// The <c>llamasharp</c> engine: LLamaSharp's low-level API (<c>SafeLlamaModelHandle</c>, <c>LLamaBatch</c>,
/// <c>SafeLLamaContextHandle.Decode</c>, its memory and sampler-chain calls) under our scheduler, which decodes on
/// its own thread. LLamaSharp picks its native build (CPU variant, or CUDA with the Cuda12 backend package) itself
/// when its libraries first load, once per process. <see cref="LlamaEngines"/> creates it by name.
/// </summary>
public sealed class LlamaSharpEngine : ILlamaEngine
{
    private static readonly Lock LoadLock = new();
    private static LlamaEngineBuild? _build;
    private static nint _library;

    public LlamaEngineKind Kind => LlamaEngineKind.LlamaSharp;

    public LlamaEngineBuild? Build => _build;

    /// <summary>The handle of the libllama LLamaSharp loaded, for the few exports its API does not wrap.</summary>
    internal static nint Library => _library;

    public LlamaEngineBuild Start(LlamaBackendOptions? backend = null)
    {
        EnsureLoaded();
        return _build!;
    }

    public IEngineModel LoadModel(string path, EngineModelSettings settings)
    {
        EnsureLoaded();
        var parameters = LLamaModelParams.Default();
        if (settings.GpuLayers is { } layers)
            parameters.n_gpu_layers = layers;
        SafeLlamaModelHandle handle;
        try
        {
            handle = SafeLlamaModelHandle.LoadFromFile(path, parameters);
        }
        catch (LoadWeightsFailedException)
        {
            throw new LlamaException($"llama.cpp could not load '{path}'{NativeLog.RecentErrors()}.");
        }
        return new LlamaSharpModel(handle);
    }

    private static void EnsureLoaded()
    {
        lock (LoadLock)
        {
            if (_build is not null)
                return;
            try
            {
                NativeLibraryConfig.All
                    .WithAutoFallback()
                    .WithLogCallback((level, message) => NativeLog.Accept((int)level, message));
            }
            catch (InvalidOperationException)
            {
                // The libraries were loaded already (configuration is fixed from then on); the log stays as it was set.
            }
            try
            {
                NativeApi.llama_empty_call(); // loads the library LLamaSharp selects and initialises the backend
                _library = NativeLibrary.Load("llama", typeof(NativeApi).Assembly, null);
            }
            catch (Exception e) when (e is RuntimeError or DllNotFoundException or TypeInitializationException)
            {
                throw new LlamaException(
                    $"LLamaSharp could not load its native library ({e.GetBaseException().Message}). " +
                    "Its builds come with the LLamaSharp.Backend.Cpu package (runtimes/<os>-<arch>/native/ beside the application).", e);
            }
            _build = new LlamaEngineBuild("llamasharp", Describe());
        }
    }

    private static string Describe()
    {
        string version = typeof(NativeApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion is { Length: > 0 } v
            ? v.Split('+')[0]
            : "0.30.0";
        // The loaded file's folder names the variant LLamaSharp chose (runtimes/linux-x64/native/avx512, .../cuda12).
        string variant = LoadedLibraries.WithPrefix("libllama").Select(path => Path.GetDirectoryName(path)!)
            .Select(folder => folder.Contains("runtimes", StringComparison.Ordinal) ? folder[folder.IndexOf("runtimes", StringComparison.Ordinal)..] : folder)
            .FirstOrDefault() ?? RuntimeInformation.RuntimeIdentifier;
        return $"LLamaSharp {version} (llama.cpp c0c7e147), {variant}";
    }
}
