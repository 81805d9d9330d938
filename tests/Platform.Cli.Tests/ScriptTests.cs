using System.Diagnostics;
using Npgsql;

namespace Platform.Cli.Tests;

/// <summary>The bash entry point <c>./thoughtboard</c>, run as a person would run it.</summary>
public sealed class ScriptTests
{
    [Fact]
    public async Task An_unknown_command_prints_usage_on_stderr_and_exits_2()
    {
        var (exitCode, stdout, stderr) = await RunScriptAsync("bogus");

        Assert.Equal(2, exitCode);
        Assert.Contains("unknown command 'bogus'", stderr);
        Assert.Contains("usage: ./thoughtboard", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Help_lists_the_script_commands_and_the_applications_commands()
    {
        var (exitCode, stdout, _) = await RunScriptAsync("help");

        Assert.Equal(0, exitCode);
        var commands = stdout.Split('\n').Select(l => l.Trim().Split(' ')[0]).ToHashSet();
        Assert.Subset(commands, new HashSet<string> { "up", "down", "test", "migrate" });
    }

    [Fact]
    public async Task Up_refuses_arguments_with_exit_2()
    {
        var (exitCode, _, stderr) = await RunScriptAsync("up", "--now");

        Assert.Equal(2, exitCode);
        Assert.Contains("takes no arguments", stderr);
    }

    [Fact]
    public async Task Down_stops_both_processes_that_up_started_the_web_app_and_the_worker()
    {
        // A checkout with only the script and what it sources, and two stand-ins for the processes `up` records.
        var checkout = Directory.CreateTempSubdirectory("tb-down-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(checkout, "scripts"));
            Directory.CreateDirectory(Path.Combine(checkout, ".data"));
            File.Copy(Path.Combine(RepositoryRoot(), "thoughtboard"), Path.Combine(checkout, "thoughtboard"));
            File.Copy(Path.Combine(RepositoryRoot(), "scripts", "dev-postgres.sh"), Path.Combine(checkout, "scripts", "dev-postgres.sh"));
            using var web = Process.Start("sleep", "300");
            using var worker = Process.Start("sleep", "300");
            await File.WriteAllTextAsync(Path.Combine(checkout, ".data", "web.pid"), $"{web.Id}\n");
            await File.WriteAllTextAsync(Path.Combine(checkout, ".data", "worker.pid"), $"{worker.Id}\n");

            var (exitCode, _, stderr) = await RunAsync(checkout, new Dictionary<string, string>(), "down");

            Assert.True(exitCode == 0, stderr);
            Assert.Contains($"Stopping the worker (pid {worker.Id})", stderr);
            Assert.Contains($"Stopping the web app (pid {web.Id})", stderr);
            Assert.True(web.WaitForExit(5_000) && worker.WaitForExit(5_000), "down left a process running.");
            Assert.Empty(Directory.GetFiles(Path.Combine(checkout, ".data"), "*.pid"));
        }
        finally
        {
            Directory.Delete(checkout, recursive: true);
        }
    }

    [Fact]
    public async Task Migrate_applies_the_schema_to_an_empty_database_and_then_reports_it_up_to_date()
    {
        var admin = Environment.GetEnvironmentVariable("THOUGHTBOARD_TEST_DB")
            ?? throw new InvalidOperationException("This test needs PostgreSQL: run ./thoughtboard test, or set THOUGHTBOARD_TEST_DB.");
        var name = $"tb_test_cli_{Guid.NewGuid():N}"[..30];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection).ExecuteNonQueryAsync();
        try
        {
            var target = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
            var environment = new Dictionary<string, string> { ["ConnectionStrings__Thoughtboard"] = target };

            var first = await RunScriptAsync(environment, "migrate");
            var second = await RunScriptAsync(environment, "migrate", "--list");

            Assert.True(first.ExitCode == 0, first.Stderr);
            Assert.Contains("InitialSchema", first.Stdout);
            Assert.Equal(0, second.ExitCode);
            Assert.Contains("applied  ", second.Stdout);
            Assert.DoesNotContain("pending", second.Stdout);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection).ExecuteNonQueryAsync();
        }
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunScriptAsync(params string[] args) =>
        RunScriptAsync(new Dictionary<string, string>(), args);

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunScriptAsync(Dictionary<string, string> environment, params string[] args) =>
        RunAsync(RepositoryRoot(), environment, args);

    /// <summary>Runs <c>thoughtboard</c> of the given checkout, from its root.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string checkout, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = checkout };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        start.ArgumentList.Add(Path.Combine(checkout, "thoughtboard"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "thoughtboard")) && File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No repository root with ./thoughtboard above {AppContext.BaseDirectory}.");
    }
}
