using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Llama.Reference;

/// <summary>What llama.cpp's <c>llama-simple</c> produced for one prompt: the bytes it printed for the generated tokens, and how many.</summary>
public sealed record ReferenceGeneration(byte[] GeneratedBytes, int GeneratedTokenCount);

/// <summary>
/// llama.cpp's own <c>llama-simple</c> and <c>llama-tokenize</c>, built from the source that matches our native
/// libraries (<c>scripts/llama-reference.sh</c>), run against the very library files our engine loaded: the dynamic
/// linker is pointed at them and ggml picks its CPU variant from the same folder. A build compiled for this exact
/// CPU rounds differently in the last bits, and on a random-weight model, whose top logits are often nearly tied,
/// that alone can flip a greedy choice; with the same binaries, any difference left comes from how the library is
/// driven. Used by the engine's reference tests and by <c>thoughtboard bench engine</c>.
/// </summary>
public sealed partial class LlamaCppTools
{
    private readonly string _binFolder;
    private readonly string _libraryDirectory;
    private readonly string _sonameLinks;

    /// <param name="binFolder">Folder holding the built <c>llama-simple</c> and <c>llama-tokenize</c>.</param>
    /// <param name="libraryDirectory">The npm build's library folder the tools run against (for the native engine, the one it loaded: <see cref="LlamaBackendInfo.LibraryDirectory"/>).</param>
    public string LibraryDirectory { get; }

    public LlamaCppTools(string binFolder, string libraryDirectory)
    {
        foreach (var tool in new[] { "llama-simple", "llama-tokenize" })
        {
            if (!File.Exists(Path.Combine(binFolder, tool)))
                throw new LlamaException($"{tool} is not in {binFolder}; build the reference tools with scripts/llama-reference.sh.");
        }
        _binFolder = binFolder;
        _libraryDirectory = libraryDirectory;
        LibraryDirectory = libraryDirectory;
        // One folder per library folder, rebuilt every time so it never points at stale files.
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(libraryDirectory)))[..16];
        _sonameLinks = Path.Combine(Path.GetTempPath(), "thoughtboard-reference-libs", key);
        if (Directory.Exists(_sonameLinks))
            Directory.Delete(_sonameLinks, recursive: true);
        Directory.CreateDirectory(_sonameLinks);
        // The tools were linked against llama.cpp's sonames; our libraries carry versioned file names.
        Link("libllama.so.0", OnlyMatch("libllama.*.so"));
        Link("libggml.so.0", OnlyMatch("libggml.*.so"));
        Link("libggml-base.so.0", Path.Combine(libraryDirectory, "libggml-base.so"));
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
                throw new LlamaException($"llama-tokenize printed '{list}', not a list of ids.");
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
            throw new LlamaException($"llama-simple did not load its CPU backend from {_libraryDirectory}, so it would not run the same code as our engine:\n{full.Stderr}");
        // Both runs end with one newline of their own after the last piece.
        if (echo.Length == 0 || !full.Stdout.AsSpan().StartsWith(echo.AsSpan(0, echo.Length - 1)) || full.Stdout[^1] != (byte)'\n')
            throw new LlamaException("llama-simple's output does not start with its own prompt echo; its output format has changed.");
        var generated = full.Stdout[(echo.Length - 1)..^1];
        var count = DecodedCount().Match(full.Stderr);
        if (!count.Success)
            throw new LlamaException($"llama-simple did not report how many tokens it decoded; its output format has changed:\n{full.Stderr}");
        return new ReferenceGeneration(generated, int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>A token's bytes as <c>llama-simple</c> prints them (no space stripped, control tokens as their text).</summary>
    public static byte[] PrintedPiece(LlamaModel model, int token)
    {
        var buffer = new byte[256];
        var length = model.TokenToPiece(token, buffer);
        if (length < 0)
        {
            buffer = new byte[-length];
            length = model.TokenToPiece(token, buffer);
        }
        // TokenToPiece leaves control tokens empty; llama-simple renders them, which Detokenize does on request.
        return length > 0 ? buffer[..length] : Encoding.UTF8.GetBytes(model.Detokenize([token], removeSpecial: false, unparseSpecial: true));
    }

    /// <summary>
    /// Where our generated tokens first differ from the reference's printed bytes: the index of the first token whose
    /// piece does not continue the reference, or null when every piece matches in order.
    /// </summary>
    public static int? FirstDivergingToken(LlamaModel model, IReadOnlyList<int> tokens, byte[] referenceBytes)
    {
        var offset = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var piece = PrintedPiece(model, tokens[i]);
            if (offset + piece.Length > referenceBytes.Length || !referenceBytes.AsSpan(offset, piece.Length).SequenceEqual(piece))
                return i;
            offset += piece.Length;
        }
        return null;
    }

    [GeneratedRegex(@"decoded (\d+) tokens in")]
    private static partial Regex DecodedCount();

    private string OnlyMatch(string pattern)
    {
        var matches = Directory.GetFiles(_libraryDirectory, pattern);
        return matches.Length == 1
            ? matches[0]
            : throw new LlamaException($"Expected exactly one {pattern} in {_libraryDirectory}, found {matches.Length}.");
    }

    private void Link(string soname, string target) => File.CreateSymbolicLink(Path.Combine(_sonameLinks, soname), target);

    private (byte[] Stdout, string Stderr) RunTool(string tool, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(_binFolder, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // ggml looks for its CPU variants in the working directory, so the tools pick what our engine picked.
            WorkingDirectory = _libraryDirectory,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["LD_LIBRARY_PATH"] = $"{_sonameLinks}:{_libraryDirectory}";
        using var process = Process.Start(start) ?? throw new LlamaException($"Could not start {tool}.");
        // Raw bytes: a token's piece may be half of a UTF-8 character, which a text reader would replace.
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        copy.Wait();
        if (process.ExitCode != 0)
            throw new LlamaException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{stderr.Result}");
        return (stdout.ToArray(), stderr.Result);
    }
}
