using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Platform.Cli.Tests;

/// <summary>
/// The README's command-line path on a checkout that never ran Thoughtboard: no .native/, no .models/, an empty
/// cache. The commands must fetch what they need themselves. The only stand-in is where npm takes the packages
/// from: tarballs this test packs from the machine's npm cache, handed to scripts/fetch-native.sh through
/// THOUGHTBOARD_NPM_PACKAGES; the script still unpacks them with `npm pack`, as it does from the registry.
/// </summary>
public sealed partial class BareCheckoutTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("tb-bare-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Demo_model_then_eval_fetch_the_vocabulary_and_the_libraries_they_need_and_nothing_twice()
    {
        var checkout = CopyCheckout(Path.Combine(_scratch, "checkout"));
        var cache = Directory.CreateDirectory(Path.Combine(_scratch, "cache")).FullName;
        var packages = await PackPackagesAsync(Directory.CreateDirectory(Path.Combine(_scratch, "packages")).FullName);
        var environment = new Dictionary<string, string?>
        {
            ["THOUGHTBOARD_CACHE"] = cache,
            ["THOUGHTBOARD_NPM_PACKAGES"] = packages,
            // Nothing of the machine's own setup may leak in.
            ["THOUGHTBOARD_NATIVE_DIR"] = null,
            ["THOUGHTBOARD_MODELS_DIR"] = null,
            ["THOUGHTBOARD_BACKEND"] = null,
            ["THOUGHTBOARD_DB"] = null,
            ["ConnectionStrings__Thoughtboard"] = null,
        };

        var demo = await RunAsync(checkout, environment, "demo-model");

        Assert.True(demo.ExitCode == 0, demo.Stderr);
        var model = demo.Stdout.Trim();
        Assert.StartsWith(Path.Combine(checkout, ".models") + "/", model);
        Assert.True(File.Exists(model));
        Assert.Single(FetchLines(demo.Stderr));
        Assert.Contains("Fetching llama.cpp's source", demo.Stderr);
        Assert.True(File.Exists(Path.Combine(cache, "llama.cpp", "models", "ggml-vocab-llama-spm.gguf")));

        var eval = await RunAsync(checkout, environment,
            "eval", "--model", model, "--suite", "arithmetic", "--style", "direct", "--limit", "2", "--max-tokens", "4");

        Assert.True(eval.ExitCode == 0, eval.Stderr);
        Assert.Equal(["Fetching llama.cpp's CPU libraries (npm @node-llama-cpp/linux-x64, about 11 MB) into .native/cpu (first use only)..."],
            FetchLines(eval.Stderr));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(checkout, ".native", "cpu"), "libllama*.so"));
        Assert.Contains("arithmetic (arithmetic, 2 items) x direct", eval.Stdout);

        var again = await RunAsync(checkout, environment, "eval", "--model", model, "--suite", "arithmetic", "--style", "direct", "--limit", "1", "--max-tokens", "4");

        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Empty(FetchLines(again.Stderr));
    }

    [Fact]
    public async Task A_fetch_that_cannot_happen_says_in_one_line_what_is_missing()
    {
        var checkout = CopyCheckout(Path.Combine(_scratch, "checkout"));
        var empty = Directory.CreateDirectory(Path.Combine(_scratch, "no-packages")).FullName;
        var environment = new Dictionary<string, string?>
        {
            ["THOUGHTBOARD_CACHE"] = Directory.CreateDirectory(Path.Combine(_scratch, "cache")).FullName,
            ["THOUGHTBOARD_NPM_PACKAGES"] = empty,
            ["THOUGHTBOARD_MODELS_DIR"] = null,
        };

        var demo = await RunAsync(checkout, environment, "demo-model");

        Assert.Equal(1, demo.ExitCode);
        Assert.Equal("", demo.Stdout);
        var last = demo.Stderr.Trim().Split('\n')[^1];
        Assert.StartsWith("thoughtboard demo-model: scripts/fetch-native.sh source failed: error: ", last);
        Assert.Contains("node-llama-cpp-", last);
        Assert.False(Directory.Exists(Path.Combine(checkout, ".models")) && Directory.EnumerateFiles(Path.Combine(checkout, ".models")).Any());
    }

    private static IReadOnlyList<string> FetchLines(string stderr) =>
        stderr.Split('\n').Where(l => l.StartsWith("Fetching ", StringComparison.Ordinal)).ToList();

    /// <summary>
    /// The parts of the checkout a user's clone has that these commands touch: the entry script with the PostgreSQL
    /// part it sources, the fetch script, the repository marker and the built command line (copied, so building it is not part of the test).
    /// </summary>
    private static string CopyCheckout(string target)
    {
        var root = RepositoryRoot();
        var relative = Path.GetRelativePath(Path.Combine(root, "tests", "Platform.Cli.Tests"), AppContext.BaseDirectory);
        var builtCli = Path.Combine(root, "src", "Platform.Cli", relative);
        Assert.True(File.Exists(Path.Combine(builtCli, "thoughtboard.dll")), $"The command line is not built in {builtCli}.");
        foreach (var file in new[] { "thoughtboard", "Platform.sln", "scripts/fetch-native.sh", "scripts/dev-postgres.sh" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, file))!);
            File.Copy(Path.Combine(root, file), Path.Combine(target, file));
        }
        CopyFolder(builtCli, Path.Combine(target, "src", "Platform.Cli", relative));
        Assert.False(Directory.Exists(Path.Combine(target, ".native")));
        return target;
    }

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var folder in Directory.EnumerateDirectories(source))
            CopyFolder(folder, Path.Combine(target, Path.GetFileName(folder)));
    }

    /// <summary>The two packages scripts/fetch-native.sh asks for, at its pinned version, packed from npm's cache (the registry only if the cache lacks them).</summary>
    private static async Task<string> PackPackagesAsync(string folder)
    {
        var script = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "scripts", "fetch-native.sh"));
        var version = VersionLine().Match(script) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("No VERSION= in fetch-native.sh.");
        var result = await ProcessAsync("npm", folder, new Dictionary<string, string?>(),
            "pack", "--silent", "--prefer-offline", $"@node-llama-cpp/linux-x64@{version}", $"node-llama-cpp@{version}");
        Assert.True(result.ExitCode == 0, $"npm pack failed: {result.Stderr}");
        return folder;
    }

    [GeneratedRegex("^VERSION=([0-9.]+)$", RegexOptions.Multiline)]
    private static partial Regex VersionLine();

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string checkout, Dictionary<string, string?> environment, params string[] args) =>
        ProcessAsync("bash", checkout, new Dictionary<string, string?>(environment) { ["THOUGHTBOARD_CONFIGURATION"] = BuildConfiguration },
            [Path.Combine(checkout, "thoughtboard"), .. args]);

    /// <summary>The configuration these tests were built in (bin/&lt;configuration&gt;/net10.0): the copied command line's.</summary>
    private static string BuildConfiguration => Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!;

    private static async Task<(int ExitCode, string Stdout, string Stderr)> ProcessAsync(
        string program, string workingDirectory, Dictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var (key, value) in environment)
        {
            if (value is null)
                start.Environment.Remove(key);
            else
                start.Environment[key] = value;
        }
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "thoughtboard")) && File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No repository root with ./thoughtboard above {AppContext.BaseDirectory}.");
    }
}
