using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Platform.Llama.Native;

/// <summary>
/// Loads the npm build's three libraries by full path and maps the logical names of the <c>[LibraryImport]</c>s
/// to them (the file names carry a version). Their own dependencies resolve through RUNPATH <c>$ORIGIN</c>.
/// </summary>
internal static partial class NativeLibraryLoader
{
    private static readonly Dictionary<string, nint> Libraries = new(StringComparer.Ordinal);
    private static bool _resolverRegistered;

    /// <summary>Loads the folder's libraries, registers the resolver once, and checks the exports of this version.</summary>
    public static void Load(string directory)
    {
        LoadLibraries(directory);
        if (!_resolverRegistered)
        {
            // The runtime accepts one resolver per assembly; a retry after a failed start reuses it.
            NativeLibrary.SetDllImportResolver(typeof(LlamaNative).Assembly, Resolve);
            _resolverRegistered = true;
        }
        CheckExports();
    }

    [GeneratedRegex(@"^libllama(\.[^/]+)?\.so$")]
    private static partial Regex LlamaFileName();

    [GeneratedRegex(@"^libggml(\.[^/]+)?\.so$")]
    private static partial Regex GgmlFileName();

    private static string? FindLibrary(string directory, Regex pattern) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory).Select(Path.GetFileName).Where(name => pattern.IsMatch(name!)).Order(StringComparer.Ordinal).FirstOrDefault()
            : null;

    public static bool HasLibraries(string directory) =>
        FindLibrary(directory, LlamaFileName()) is not null
        && FindLibrary(directory, GgmlFileName()) is not null
        && File.Exists(Path.Combine(directory, "libggml-base.so"));

    private static void LoadLibraries(string directory)
    {
        var files = new (string Name, string File)[]
        {
            // ggml-base first: the others link against it and find it by RUNPATH $ORIGIN, which keeps one copy.
            (LlamaNative.GgmlBase, "libggml-base.so"),
            (LlamaNative.Ggml, FindLibrary(directory, GgmlFileName())!),
            (LlamaNative.Llama, FindLibrary(directory, LlamaFileName())!),
        };
        foreach (var (name, file) in files)
        {
            string path = Path.Combine(directory, file);
            try
            {
                Libraries[name] = NativeLibrary.Load(path);
            }
            catch (DllNotFoundException e)
            {
                throw new LlamaException($"Loading {path} failed ({e.Message}). The libraries need glibc 2.34 or newer and must all come from the same download. {LlamaBackend.FetchAdvice}", e);
            }
            catch (BadImageFormatException e)
            {
                throw new LlamaException($"{path} is not a library for this platform ({e.Message}). {LlamaBackend.FetchAdvice}", e);
            }
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        Libraries.TryGetValue(libraryName, out nint handle) ? handle : 0;

    private static void CheckExports()
    {
        // A library from another llama.cpp version loads fine and then crashes on the first changed call;
        // checking for the newest functions we bind catches most mismatches with a readable message.
        string[] required = ["llama_memory_seq_cp", "llama_model_load_from_file", "llama_vocab_is_eog", "llama_n_ctx_seq", "llama_chat_apply_template"];
        foreach (string symbol in required)
        {
            if (!NativeLibrary.TryGetExport(Libraries[LlamaNative.Llama], symbol, out _))
                throw new LlamaException($"The loaded libllama does not export {symbol}: it is not the version this build expects (node-llama-cpp 3.22.1 / llama.cpp v0.5.0). {LlamaBackend.FetchAdvice}");
        }
        if (!NativeLibrary.TryGetExport(Libraries[LlamaNative.Ggml], "ggml_backend_load_all_from_path", out _))
            throw new LlamaException($"The loaded libggml does not export ggml_backend_load_all_from_path. {LlamaBackend.FetchAdvice}");
    }
}
