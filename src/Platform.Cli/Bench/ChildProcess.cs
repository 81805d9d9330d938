using System.Diagnostics;

namespace Platform.Cli.Bench;

/// <summary>The captured result of a finished child process.</summary>
public sealed record ChildProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs a tool to completion, capturing both streams; Ctrl-C kills the whole child tree.</summary>
public static class ChildProcess
{
    public static async Task<ChildProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new ChildProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Like <see cref="RunAsync"/>, but a non-zero exit becomes an error that shows the tool's own last words.</summary>
    public static async Task<ChildProcessResult> RunCheckedAsync(
        string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var argumentList = arguments.ToList();
        var result = await RunAsync(fileName, argumentList, cancellationToken, workingDirectory, environment);
        if (result.ExitCode != 0)
        {
            var tail = string.Join('\n', (result.StandardError + result.StandardOutput).Split('\n').TakeLast(15));
            throw new BenchException($"'{Path.GetFileName(fileName)} {string.Join(' ', argumentList)}' exited with code {result.ExitCode}:\n{tail}");
        }
        return result;
    }
}

/// <summary>A benchmark that cannot run or whose measurement is unusable; the message says what to do.</summary>
public sealed class BenchException(string message) : Exception(message);
