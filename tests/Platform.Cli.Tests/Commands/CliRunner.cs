using Platform.Llama;
using Platform.Gguf;

namespace Platform.Cli.Tests.Commands;

/// <summary>Runs a command in-process exactly as <c>thoughtboard</c> would, capturing both streams.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static async Task<Result> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CommandLine.RunAsync(args, stdout, stderr);
        return new Result(exitCode, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>Generated models and scratch folders for the command tests; never committed.</summary>
public static class TestFiles
{
    private static readonly Lazy<string> TinyPath = new(() =>
    {
        LlamaBackend.Initialize(); // walks up to .native/, or explains how to fetch the libraries
        return TestModelGenerator.EnsureModel(TestModelSpec.Tiny, Path.Combine(Path.GetTempPath(), "thoughtboard-test-models"));
    });

    /// <summary>The engine's tiny generated model (64 wide, 2 layers), shared with the engine's own tests.</summary>
    public static string TinyModel => TinyPath.Value;

    public static string NewDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "thoughtboard-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}

/// <summary>Tests that set process-wide environment variables run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "environment variables";
}
