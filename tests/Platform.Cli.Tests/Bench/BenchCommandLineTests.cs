namespace Platform.Cli.Tests.Bench;

public class BenchCommandLineTests
{
    private static async Task<(int ExitCode, string Error)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await CommandLine.RunAsync(args, stdout, stderr);
        return (exitCode, stderr.ToString());
    }

    [Fact]
    public async Task Bench_without_a_target_is_a_usage_error()
    {
        var (exitCode, error) = await Run("bench");

        Assert.Equal(CommandLine.UsageError, exitCode);
        Assert.Contains("'engine' or 'pipeline'", error);
        Assert.Contains("usage: thoughtboard bench engine", error);
    }

    [Fact]
    public async Task An_unknown_benchmark_is_named_in_the_error()
    {
        var (exitCode, error) = await Run("bench", "disk");

        Assert.Equal(CommandLine.UsageError, exitCode);
        Assert.Contains("unknown benchmark 'disk'", error);
    }

    [Theory]
    [InlineData("--rounds", "0")]
    [InlineData("--threads", "two")]
    public async Task Out_of_range_numbers_are_rejected_before_anything_runs(string option, string value)
    {
        var (exitCode, error) = await Run("bench", "engine", option, value);

        Assert.Equal(CommandLine.UsageError, exitCode);
        Assert.Contains(option, error);
    }

    [Fact]
    public async Task A_misspelt_option_is_not_silently_ignored()
    {
        var (exitCode, error) = await Run("bench", "engine", "--round", "3");

        Assert.Equal(CommandLine.UsageError, exitCode);
        Assert.Contains("unknown option --round", error);
    }

    [Fact]
    public async Task The_pipeline_benchmark_refuses_a_model_that_is_not_a_gguf_file_before_touching_the_database()
    {
        var folder = Directory.CreateTempSubdirectory("tb-bench-model-");
        try
        {
            var notGguf = Path.Combine(folder.FullName, "model.gguf");
            await File.WriteAllTextAsync(notGguf, "this is text, not a model");

            var (exitCode, error) = await Run("bench", "pipeline", "--model", notGguf);
            Assert.Equal(1, exitCode);
            Assert.Contains("thoughtboard bench pipeline:", error);
            Assert.Contains("not a usable GGUF model file", error);
            Assert.DoesNotContain("   at ", error);

            (exitCode, error) = await Run("bench", "pipeline", "--model", folder.FullName);
            Assert.Equal(1, exitCode);
            Assert.Contains("it is a directory", error);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
