using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Llama.Tests.Reference;

/// <summary>What llama.cpp's <c>llama-simple</c> produced for one prompt: the bytes it printed for the generated tokens, and how many.</summary>
public sealed record ReferenceGeneration(byte[] GeneratedBytes, int GeneratedTokenCount);

/// <summary>
/// llama.cpp's own tools, built from the source that matches our native libraries by <c>scripts/llama-reference.sh</c>
/// (cached in the user cache; the first use on a machine builds them, a few minutes on 2 cores).
/// <para>
/// The tools run against the very library files our engine loaded (the dynamic linker is pointed at them and
/// ggml picks its CPU variant from the same folder). A build compiled for this exact CPU rounds differently
/// in the last bits, and on a random-weight model, whose top logits are often nearly tied, that alone can
/// flip a greedy choice; with the same binaries, any difference left comes from how the library is driven.
/// </para>
/// </summary>
public sealed partial class LlamaCppReference
{
    private static readonly Lazy<LlamaCppReference> Shared = new(Create);

    private readonly string _bin;
    private readonly string _libraryDirectory;
    private readonly string _sonameLinks;

    private LlamaCppReference(string bin, string libraryDirectory)
    {
        _bin = bin;
        _libraryDirectory = libraryDirectory;
        // One folder per library folder, rebuilt on every run so it never points at stale files.
        var key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(libraryDirectory)))[..16];
        _sonameLinks = Path.Combine(Path.GetTempPath(), "thoughtboard-reference-libs", key);
        if (Directory.Exists(_sonameLinks))
            Directory.Delete(_sonameLinks, recursive: true);
        Directory.CreateDirectory(_sonameLinks);
        // The tools were linked against llama.cpp's sonames; our libraries carry versioned file names.
        Link("libllama.so.0", OnlyMatch("libllama.*.so"));
        Link("libggml.so.0", OnlyMatch("libggml.*.so"));
        Link("libggml-base.so.0", Path.Combine(libraryDirectory, "libggml-base.so"));
    }

    /// <summary>The reference tools, run against the libraries of the initialised <see cref="LlamaBackend"/>.</summary>
    public static LlamaCppReference Instance => Shared.Value;

    private static LlamaCppReference Create()
    {
        var backend = LlamaBackend.Initialize();
        var script = FindRepositoryFile(Path.Combine("scripts", "llama-reference.sh"));
        var result = Run("bash", [script], workingDirectory: null, libraryPath: null);
        var bin = Encoding.UTF8.GetString(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
        if (result.ExitCode != 0 || bin is null || !File.Exists(Path.Combine(bin, "llama-simple")))
            throw new InvalidOperationException($"scripts/llama-reference.sh failed (exit {result.ExitCode}); it needs cmake and a C++ compiler:\n{result.Stderr}");
        return new LlamaCppReference(bin, backend.LibraryDirectory);
    }

    /// <summary>
    /// The prompt's token ids from <c>llama-tokenize</c>, with BOS as the model asks and special-token text parsed,
    /// which is how <c>llama-simple</c> tokenizes its prompt.
    /// </summary>
    public int[] Tokenize(string modelPath, string text)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            var result = RunTool("llama-tokenize", ["-m", modelPath, "-f", file, "--ids", "--no-escape", "--log-disable"]);
            var list = Encoding.UTF8.GetString(result.Stdout).Trim();
            if (!list.StartsWith('[') || !list.EndsWith(']'))
                throw new FormatException($"llama-tokenize printed '{list}', not a list of ids.");
            return list[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(id => int.Parse(id, CultureInfo.InvariantCulture)).ToArray();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Greedy continuation by <c>llama-simple</c>: it echoes the prompt's pieces, then prints each generated token's
    /// piece, stopping after <paramref name="maxTokens"/> or at an end-of-generation token. The echo is removed by
    /// running it once more with no tokens to generate.
    /// </summary>
    public ReferenceGeneration GenerateGreedy(string modelPath, string prompt, int maxTokens)
    {
        var echo = RunTool("llama-simple", ["-m", modelPath, "-n", "0", prompt]).Stdout;
        var full = RunTool("llama-simple", ["-m", modelPath, "-n", maxTokens.ToString(CultureInfo.InvariantCulture), prompt]);
        if (!full.Stderr.Contains($"loaded CPU backend from {_libraryDirectory}", StringComparison.Ordinal))
            throw new InvalidOperationException($"llama-simple did not load its CPU backend from {_libraryDirectory}, so it would not run the same code as our engine:\n{full.Stderr}");
        // Both runs end with one newline of their own after the last piece.
        var prefix = echo.AsSpan(0, echo.Length - 1);
        if (!full.Stdout.AsSpan().StartsWith(prefix) || full.Stdout[^1] != (byte)'\n')
            throw new FormatException("llama-simple's output does not start with its own prompt echo; its output format has changed.");
        var generated = full.Stdout[prefix.Length..^1];
        var count = DecodedCount().Match(full.Stderr);
        if (!count.Success)
            throw new FormatException($"llama-simple did not report how many tokens it decoded:\n{full.Stderr}");
        return new ReferenceGeneration(generated, int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"decoded (\d+) tokens in")]
    private static partial Regex DecodedCount();

    private string OnlyMatch(string pattern)
    {
        var matches = Directory.GetFiles(_libraryDirectory, pattern);
        return matches.Length == 1
            ? matches[0]
            : throw new InvalidOperationException($"Expected exactly one {pattern} in {_libraryDirectory}, found {matches.Length}.");
    }

    private void Link(string soname, string target) => File.CreateSymbolicLink(Path.Combine(_sonameLinks, soname), target);

    private (int ExitCode, byte[] Stdout, string Stderr) RunTool(string tool, IReadOnlyList<string> arguments)
    {
        // ggml looks for its CPU variants in the working directory, so the tools pick what our engine picked.
        var result = Run(Path.Combine(_bin, tool), arguments, _libraryDirectory, $"{_sonameLinks}:{_libraryDirectory}");
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.Stderr}");
        return result;
    }

    private static (int ExitCode, byte[] Stdout, string Stderr) Run(string fileName, IReadOnlyList<string> arguments, string? workingDirectory, string? libraryPath)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        if (workingDirectory is not null)
            start.WorkingDirectory = workingDirectory;
        if (libraryPath is not null)
            start.Environment["LD_LIBRARY_PATH"] = libraryPath;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        // Raw bytes: a token's piece may be half of a UTF-8 character, which a text reader would replace.
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        copy.Wait();
        return (process.ExitCode, stdout.ToArray(), stderr.Result);
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
