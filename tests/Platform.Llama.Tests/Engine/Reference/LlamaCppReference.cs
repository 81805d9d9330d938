using System.Diagnostics;
using Platform.Llama.Reference;

namespace Platform.Llama.Tests.Reference;

/// <summary>
/// The reference tools for the tests: built (once per machine, cached) by <c>scripts/llama-reference.sh</c> and
/// run against the npm build's CPU libraries in <c>.native/cpu</c> (see <see cref="LlamaCppTools"/>), found without loading them
/// into this process, which may run the other engine.
/// </summary>
public static class LlamaCppReference
{
    private static readonly Lazy<LlamaCppTools> Shared = new(Create);

    public static LlamaCppTools Instance => Shared.Value;

    private static LlamaCppTools Create()
    {
        var root = LlamaBackend.FindNativeRoot(null, Environment.GetEnvironmentVariable(LlamaBackend.NativeDirectoryVariable), AppContext.BaseDirectory);
        var (libraries, _, _) = LlamaBackend.ChooseDirectory(root, LlamaBackendKind.Cpu, () => false);
        var script = FindRepositoryFile(Path.Combine("scripts", "llama-reference.sh"));
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var bin = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
        if (process.ExitCode != 0 || bin is null)
            throw new InvalidOperationException($"scripts/llama-reference.sh failed (exit {process.ExitCode}); it needs cmake and a C++ compiler:\n{stderr.Result}");
        return new LlamaCppTools(bin, libraries);
    }

    private static string FindRepositoryFile(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relativePath);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"'{relativePath}' was not found above {AppContext.BaseDirectory}; run the tests from a Thoughtboard checkout.");
    }
}
