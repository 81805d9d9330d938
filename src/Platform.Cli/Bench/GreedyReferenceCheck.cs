using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Platform.Llama;

namespace Platform.Cli.Bench;

/// <summary>Whether our greedy continuation of one prompt is llama.cpp's, and where they part if not.</summary>
public sealed record GreedyComparison(string Prompt, bool PromptTokensEqual, bool TextEqual, int OurTokenCount, int ReferenceTokenCount)
{
    public bool Identical => PromptTokensEqual && TextEqual && OurTokenCount == ReferenceTokenCount;
}

/// <summary>
/// Compares our greedy generation with llama.cpp's <c>llama-simple</c> on the same model, run against the same
/// library files our engine loaded (a build compiled for this CPU rounds differently in the last bits, which on a
/// random-weight model can flip near-tied greedy choices; with the same binaries, a difference is ours).
/// Compared: prompt token ids (<c>llama-tokenize</c>), the number of generated tokens, and the printed text
/// (each token's piece, as <c>llama-simple</c> prints them). <c>llama-simple</c> prints no ids, so two id sequences
/// with the same pieces and count would pass; tests/Platform.Llama.Tests/Reference holds the byte-exact version.
/// </summary>
public sealed partial class GreedyReferenceCheck
{
    private readonly ReferenceTools _tools;
    private readonly string _libraryDirectory;
    private readonly string _sonameLinks;

    public GreedyReferenceCheck(ReferenceTools tools, string libraryDirectory)
    {
        _tools = tools;
        _libraryDirectory = libraryDirectory;
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(libraryDirectory)))[..16];
        _sonameLinks = Path.Combine(Path.GetTempPath(), "thoughtboard-reference-libs", key);
        if (Directory.Exists(_sonameLinks))
        {
            Directory.Delete(_sonameLinks, recursive: true);
        }
        Directory.CreateDirectory(_sonameLinks);
        // The tools were linked against llama.cpp's sonames; our libraries carry versioned file names.
        Link("libllama.so.0", OnlyMatch("libllama.*.so"));
        Link("libggml.so.0", OnlyMatch("libggml.*.so"));
        Link("libggml-base.so.0", Path.Combine(libraryDirectory, "libggml-base.so"));
    }

    public async Task<GreedyComparison> CompareAsync(BatchedGenerator generator, string modelPath, string prompt, int maxTokens, CancellationToken cancellationToken)
    {
        var model = generator.Model;
        var ourPrompt = model.Tokenize(prompt, addSpecial: true, parseSpecial: true);
        var referencePrompt = await ReferenceTokenizeAsync(modelPath, prompt, cancellationToken);
        var sample = (await generator.GenerateAsync(new GenerationRequest { Prompt = prompt, MaxTokens = maxTokens }, cancellationToken)).Samples.Single();

        var reference = await RunToolAsync("llama-simple", ["-m", modelPath, "-n", maxTokens.ToString(CultureInfo.InvariantCulture), prompt], cancellationToken);
        if (!reference.StandardError.Contains($"loaded CPU backend from {_libraryDirectory}", StringComparison.Ordinal))
        {
            throw new BenchException($"llama-simple did not load its CPU backend from {_libraryDirectory}, so it would not run the same code as our engine.");
        }
        var count = DecodedCount().Match(reference.StandardError);
        if (!count.Success)
        {
            throw new BenchException("llama-simple did not report how many tokens it decoded; its output format has changed.");
        }
        // llama-simple prints every piece of prompt and answer, BOS included, then a newline; detokenizing the
        // whole sequence from BOS gives the same text (no leading space to strip, no clean-up for this vocabulary).
        var ours = model.Detokenize([.. ourPrompt, .. sample.Tokens], removeSpecial: false, unparseSpecial: true);
        var referenceText = reference.StandardOutput.EndsWith('\n') ? reference.StandardOutput[..^1] : reference.StandardOutput;
        return new GreedyComparison(prompt, ourPrompt.SequenceEqual(referencePrompt), ours == referenceText,
            sample.Tokens.Count, int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private async Task<int[]> ReferenceTokenizeAsync(string modelPath, string text, CancellationToken cancellationToken)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
            var result = await RunToolAsync("llama-tokenize", ["-m", modelPath, "-f", file, "--ids", "--no-escape", "--log-disable"], cancellationToken);
            var list = result.StandardOutput.Trim();
            if (!list.StartsWith('[') || !list.EndsWith(']'))
            {
                throw new BenchException($"llama-tokenize printed '{list}', not a list of ids.");
            }
            return list[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(id => int.Parse(id, CultureInfo.InvariantCulture)).ToArray();
        }
        finally
        {
            File.Delete(file);
        }
    }

    // ggml looks for its CPU variants in the working directory, so the tools pick the variant our engine picked.
    private Task<ChildProcessResult> RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        ChildProcess.RunCheckedAsync(Path.Combine(_tools.BinFolder, tool), arguments, cancellationToken, _libraryDirectory,
            new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = $"{_sonameLinks}:{_libraryDirectory}" });

    [GeneratedRegex(@"decoded (\d+) tokens in")]
    private static partial Regex DecodedCount();

    private string OnlyMatch(string pattern)
    {
        var matches = Directory.GetFiles(_libraryDirectory, pattern);
        return matches.Length == 1
            ? matches[0]
            : throw new BenchException($"Expected exactly one {pattern} in {_libraryDirectory}, found {matches.Length}.");
    }

    private void Link(string soname, string target) => File.CreateSymbolicLink(Path.Combine(_sonameLinks, soname), target);
}
