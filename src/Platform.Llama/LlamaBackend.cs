using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Platform.Llama.Native;

namespace Platform.Llama;

/// <summary>Which native build to load. <see cref="Auto"/> tries CUDA first, then CPU.</summary>
public enum LlamaBackendKind { Auto, Cpu, Cuda }

public sealed record LlamaBackendOptions
{
    /// <summary>
    /// The native folder: either a folder holding the libraries directly, or a root holding <c>cuda/</c>
    /// and <c>cpu/</c>. When null: <c>THOUGHTBOARD_NATIVE_DIR</c>, else the first <c>.native/</c> found
    /// walking up from the application's base directory.
    /// </summary>
    public string? NativeDirectory { get; init; }

    /// <summary>When null: <c>THOUGHTBOARD_BACKEND</c> (cpu, cuda or auto), else <see cref="LlamaBackendKind.Auto"/>.</summary>
    public LlamaBackendKind? Backend { get; init; }
}

public enum LlamaDeviceType { Cpu = 0, Gpu = 1, IntegratedGpu = 2, Accelerator = 3, Meta = 4 }

public sealed record LlamaDevice(string Name, string Description, LlamaDeviceType Type);

/// <summary>What was really loaded: the folder, the build, the devices ggml registered and why this build was chosen.</summary>
public sealed record LlamaBackendInfo(string LibraryDirectory, LlamaBackendKind Backend, IReadOnlyList<LlamaDevice> Devices, string Reason)
{
    public bool HasGpu => Devices.Any(device => device.Type is LlamaDeviceType.Gpu or LlamaDeviceType.IntegratedGpu);

    public override string ToString() =>
        $"{Backend} build from {LibraryDirectory}; devices: {string.Join(", ", Devices.Select(d => $"{d.Name} ({d.Type}: {d.Description})"))}. {Reason}";
}

public enum LlamaLogLevel { None = 0, Debug = 1, Info = 2, Warning = 3, Error = 4 }

/// <summary>
/// Loads llama.cpp once per process. The native libraries, their backends and the log callback are
/// process-wide by nature, so this is the one static entry point; everything else hangs off a
/// <see cref="LlamaModel"/>.
/// </summary>
public static partial class LlamaBackend
{
    public const string NativeDirectoryVariable = "THOUGHTBOARD_NATIVE_DIR";
    public const string BackendVariable = "THOUGHTBOARD_BACKEND";

    internal const string FetchAdvice =
        "Run `./thoughtboard up` or `scripts/fetch-native.sh cpu` from the repository root, or set THOUGHTBOARD_NATIVE_DIR to a folder holding libllama.*.so.";

    private static readonly Lock InitializationLock = new();
    private static LlamaBackendInfo? _info;

    /// <summary>
    /// Every complete line llama.cpp and ggml log, with its level. Raised on whatever thread logged, so
    /// handlers must be quick and thread-safe.
    /// </summary>
    public static event Action<LlamaLogLevel, string>? Log;

    internal static void RaiseLog(LlamaLogLevel level, string line) => Log?.Invoke(level, line);

    /// <summary>The loaded backend, or null before <see cref="Initialize"/>.</summary>
    public static LlamaBackendInfo? Info => _info;

    /// <summary>
    /// Finds and loads the native libraries and registers ggml's backends from their folder. Safe to call
    /// many times; only the first call's options take effect, and a later call asking for a different
    /// folder or backend fails instead of silently using the first one.
    /// </summary>
    /// <exception cref="LlamaException">The libraries are missing, incomplete or of another version.</exception>
    public static LlamaBackendInfo Initialize(LlamaBackendOptions? options = null)
    {
        options ??= new LlamaBackendOptions();
        lock (InitializationLock)
        {
            if (_info is { } existing)
            {
                var requested = RequestedBackend(options);
                if (options.NativeDirectory is not null && !SameDirectory(existing.LibraryDirectory, options.NativeDirectory)
                    && !SameDirectory(Path.GetDirectoryName(existing.LibraryDirectory)!, options.NativeDirectory))
                    throw new LlamaException($"llama.cpp is already loaded from {existing.LibraryDirectory}; a process can load it from one folder only.");
                if (requested != LlamaBackendKind.Auto && requested != existing.Backend)
                    throw new LlamaException($"llama.cpp is already loaded with the {existing.Backend} build; restart the process to use {requested}.");
                return existing;
            }
            _info = Load(options);
            return _info;
        }
    }

    private static LlamaBackendKind RequestedBackend(LlamaBackendOptions options) =>
        options.Backend ?? ParseBackend(Environment.GetEnvironmentVariable(BackendVariable));

    /// <summary>Reads a THOUGHTBOARD_BACKEND value; empty means <see cref="LlamaBackendKind.Auto"/>.</summary>
    internal static LlamaBackendKind ParseBackend(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return LlamaBackendKind.Auto;
        return value.Trim().ToLowerInvariant() switch
        {
            "cpu" => LlamaBackendKind.Cpu,
            "cuda" => LlamaBackendKind.Cuda,
            "auto" => LlamaBackendKind.Auto,
            _ => throw new LlamaException($"{BackendVariable}='{value}' is not understood; use cpu, cuda or auto."),
        };
    }

    private static unsafe LlamaBackendInfo Load(LlamaBackendOptions options)
    {
        var requested = RequestedBackend(options);
        string root = FindNativeRoot(options.NativeDirectory, Environment.GetEnvironmentVariable(NativeDirectoryVariable), AppContext.BaseDirectory);
        var (directory, backend, reason) = ChooseDirectory(root, requested, CudaDriverLoads);

        NativeLibraryLoader.Load(directory);
        LlamaNative.llama_log_set(&NativeLog.OnNativeLog, null);
        LlamaNative.ggml_backend_load_all_from_path(directory);
        LlamaNative.llama_backend_init();

        var devices = new List<LlamaDevice>();
        nuint count = LlamaNative.ggml_backend_dev_count();
        for (nuint i = 0; i < count; i++)
        {
            nint device = LlamaNative.ggml_backend_dev_get(i);
            devices.Add(new LlamaDevice(
                NativeLog.Utf8(LlamaNative.ggml_backend_dev_name(device)),
                NativeLog.Utf8(LlamaNative.ggml_backend_dev_description(device)),
                (LlamaDeviceType)LlamaNative.ggml_backend_dev_type(device)));
        }
        if (devices.Count == 0)
            throw new LlamaException($"No ggml backend could be loaded from {directory} (no libggml-cpu-*.so usable on this CPU?). {FetchAdvice}");

        bool hasGpu = devices.Any(d => d.Type is LlamaDeviceType.Gpu or LlamaDeviceType.IntegratedGpu);
        if (backend == LlamaBackendKind.Cuda && !hasGpu)
            reason += " No GPU was registered (libcudart.so.13, libcublas.so.13 or the GPU itself is missing); the CPU variants shipped with the CUDA build run instead.";
        return new LlamaBackendInfo(directory, backend, devices, reason.Trim());
    }

    /// <summary>The explicit folder, else the environment's, else the first <c>.native/</c> above <paramref name="baseDirectory"/>.</summary>
    internal static string FindNativeRoot(string? explicitDirectory, string? fromEnvironment, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            if (!Directory.Exists(explicitDirectory))
                throw new LlamaException($"The configured native folder '{explicitDirectory}' does not exist. {FetchAdvice}");
            return Path.GetFullPath(explicitDirectory);
        }
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            if (!Directory.Exists(fromEnvironment))
                throw new LlamaException($"{NativeDirectoryVariable}='{fromEnvironment}' is not a folder. {FetchAdvice}");
            return Path.GetFullPath(fromEnvironment);
        }
        for (var folder = new DirectoryInfo(baseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, ".native");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new LlamaException(
            $"llama.cpp's native libraries were not found: no .native/ folder above {baseDirectory} and {NativeDirectoryVariable} is not set. {FetchAdvice}");
    }

    private static bool CudaDriverLoads()
    {
        if (!NativeLibrary.TryLoad("libcuda.so.1", out nint driver))
            return false;
        NativeLibrary.Free(driver);
        return true;
    }

    /// <summary>Picks the library folder under <paramref name="root"/> for the requested build, and says why.</summary>
    internal static (string Directory, LlamaBackendKind Backend, string Reason) ChooseDirectory(string root, LlamaBackendKind requested, Func<bool> cudaDriverLoads)
    {
        if (NativeLibraryLoader.HasLibraries(root))
        {
            var kind = File.Exists(Path.Combine(root, "libggml-cuda.so")) ? LlamaBackendKind.Cuda : LlamaBackendKind.Cpu;
            if (requested != LlamaBackendKind.Auto && requested != kind)
                throw new LlamaException($"{root} holds the {kind} build but {requested} was requested. Point THOUGHTBOARD_NATIVE_DIR at the {requested.ToString().ToLowerInvariant()} folder.");
            return (root, kind, $"{kind} build found directly in the configured folder.");
        }

        string cuda = Path.Combine(root, "cuda");
        string cpu = Path.Combine(root, "cpu");
        bool cudaPresent = NativeLibraryLoader.HasLibraries(cuda) && File.Exists(Path.Combine(cuda, "libggml-cuda.so"));
        bool cpuPresent = NativeLibraryLoader.HasLibraries(cpu);

        switch (requested)
        {
            case LlamaBackendKind.Cuda:
                if (!cudaPresent)
                    throw new LlamaException($"The CUDA build was requested but {cuda} does not hold it. Run `scripts/fetch-native.sh cuda`, or set {BackendVariable}=cpu.");
                return (cuda, LlamaBackendKind.Cuda, "CUDA build requested.");
            case LlamaBackendKind.Cpu:
                if (!cpuPresent)
                    throw new LlamaException($"The CPU build was requested but {cpu} does not hold libllama.*.so, libggml.*.so and libggml-base.so. {FetchAdvice}");
                return (cpu, LlamaBackendKind.Cpu, "CPU build requested.");
        }

        if (cudaPresent)
        {
            // Without the driver library the CUDA backend would fail to register anyway; say why up front.
            if (cudaDriverLoads())
                return (cuda, LlamaBackendKind.Cuda, "CUDA build chosen: it is present and the NVIDIA driver (libcuda.so.1) loads.");
            if (cpuPresent)
                return (cpu, LlamaBackendKind.Cpu, "CPU build chosen: a CUDA build is present but the NVIDIA driver (libcuda.so.1) is not.");
            return (cuda, LlamaBackendKind.Cuda, "CUDA build chosen as the only one present, although the NVIDIA driver (libcuda.so.1) is missing.");
        }
        if (cpuPresent)
            return (cpu, LlamaBackendKind.Cpu, "CPU build chosen: no CUDA build is present.");
        throw new LlamaException($"llama.cpp's native libraries are missing from {root} (looked in {cuda} and {cpu}). {FetchAdvice}");
    }

    private static bool SameDirectory(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd('/'), Path.GetFullPath(b).TrimEnd('/'), StringComparison.Ordinal);
}
