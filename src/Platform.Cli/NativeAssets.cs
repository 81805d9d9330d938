using Platform.Cli.Bench;
using Platform.Llama;
using Platform.Gguf;

namespace Platform.Cli;

/// <summary>
/// What commands need from llama.cpp that <c>scripts/fetch-native.sh</c> can fetch: the prebuilt libraries
/// (<c>.native/cpu</c> or <c>.native/cuda</c>) and the source, which holds the vocabulary generated models use.
/// A command fetches what is missing on first use, saying so in one line on stderr, instead of telling the user
/// to run something else first. Nothing is fetched when the user pointed <c>THOUGHTBOARD_NATIVE_DIR</c> elsewhere
/// or the program does not run from a checkout; the engine's own message explains what is missing then.
/// </summary>
internal static class NativeAssets
{
    /// <summary>Makes sure the libraries of <paramref name="backend"/> are in the checkout (Auto: either build will do).</summary>
    /// <exception cref="LlamaException">The fetch failed; the message carries the script's own last words.</exception>
    public static async Task EnsureLibrariesAsync(LlamaBackendKind backend, TextWriter error, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(LlamaBackend.NativeDirectoryVariable))
            || FetchScript() is not { } script)
        {
            return;
        }
        var native = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(script))!, ".native");
        bool cpu = HasLibraries(Path.Combine(native, "cpu"));
        bool cuda = HasLibraries(Path.Combine(native, "cuda"));
        var (present, what, description) = backend switch
        {
            LlamaBackendKind.Cuda => (cuda, "cuda", "CUDA libraries (npm @node-llama-cpp/linux-x64-cuda, about 143 MB) into .native/cuda"),
            LlamaBackendKind.Cpu => (cpu, "cpu", "CPU libraries (npm @node-llama-cpp/linux-x64, about 11 MB) into .native/cpu"),
            _ => (cpu || cuda, "cpu", "CPU libraries (npm @node-llama-cpp/linux-x64, about 11 MB) into .native/cpu"),
        };
        if (!present)
        {
            await FetchAsync(script, what, $"Fetching llama.cpp's {description} (first use only)...", error, cancellationToken);
        }
    }

    /// <summary>Makes sure the vocabulary that <see cref="TestModelGenerator"/> copies is in the user cache.</summary>
    /// <exception cref="LlamaException">The fetch failed.</exception>
    public static async Task EnsureVocabularyAsync(TextWriter error, CancellationToken cancellationToken)
    {
        if (File.Exists(TestModelGenerator.DefaultVocabularyPath) || FetchScript() is not { } script)
        {
            return;
        }
        var folder = Path.GetDirectoryName(Path.GetDirectoryName(TestModelGenerator.DefaultVocabularyPath))!;
        await FetchAsync(script, "source",
            $"Fetching llama.cpp's source (npm node-llama-cpp, about 36 MB) into {folder} for its vocabulary (first use only)...",
            error, cancellationToken);
    }

    private static string? FetchScript() =>
        RepositoryRoot.Find() is { } root && Path.Combine(root, "scripts", "fetch-native.sh") is var script && File.Exists(script) ? script : null;

    private static bool HasLibraries(string folder) =>
        Directory.Exists(folder) && Directory.EnumerateFiles(folder, "libllama*.so").Any() && File.Exists(Path.Combine(folder, "libggml-base.so"));

    private static async Task FetchAsync(string script, string what, string announcement, TextWriter error, CancellationToken cancellationToken)
    {
        error.WriteLine(announcement);
        var result = await ChildProcess.RunAsync("bash", [script, what], cancellationToken);
        if (result.ExitCode != 0)
        {
            // The script ends with one line naming what it lacks (npm, git) or what failed; that line is the message.
            var reason = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
                ?? $"exit code {result.ExitCode}";
            throw new LlamaException($"scripts/fetch-native.sh {what} failed: {reason}");
        }
    }
}
