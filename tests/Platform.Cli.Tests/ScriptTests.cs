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
    public async Task When_the_worker_dies_up_says_so_stops_the_web_app_and_exits_with_the_workers_status()
    {
        // The real script over stand-ins: a `dotnet` whose web app waits and whose worker dies at once, a fetch
        // script with nothing to fetch, built outputs newer than any source, and an external database.
        var checkout = Directory.CreateTempSubdirectory("tb-up-").FullName;
        try
        {
            var bin = Directory.CreateDirectory(Path.Combine(checkout, "fake-bin")).FullName;
            var log = Path.Combine(checkout, "processes.log");
            Directory.CreateDirectory(Path.Combine(checkout, "scripts"));
            File.Copy(Path.Combine(RepositoryRoot(), "thoughtboard"), Path.Combine(checkout, "thoughtboard"));
            File.Copy(Path.Combine(RepositoryRoot(), "scripts", "dev-postgres.sh"), Path.Combine(checkout, "scripts", "dev-postgres.sh"));
            await WriteScriptAsync(Path.Combine(checkout, "scripts", "fetch-native.sh"), "exit 0");
            await WriteScriptAsync(Path.Combine(bin, "dotnet"), $$"""
                case "$*" in
                  *Platform.Web.dll*) echo "web $$" >> '{{log}}'; exec sleep 300 ;;
                  *"thoughtboard.dll worker"*) echo "worker $$" >> '{{log}}'; sleep 1; exit 3 ;;
                  *demo-model*) echo /nowhere/demo.gguf ;;
                esac
                """);
            foreach (var output in new[] { $"src/Platform.Web/bin/{BuildConfiguration}/net10.0/Platform.Web.dll", $"src/Platform.Cli/bin/{BuildConfiguration}/net10.0/thoughtboard.dll" })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(checkout, output))!);
                await File.WriteAllTextAsync(Path.Combine(checkout, output), "");
            }
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var environment = new Dictionary<string, string>
            {
                ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}",
                ["THOUGHTBOARD_DB"] = "Host=127.0.0.1;Port=1;Database=unused",
                ["THOUGHTBOARD_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };

            var (exitCode, _, stderr) = await RunAsync(checkout, environment, "up");

            Assert.True(exitCode == 3, $"up exited with {exitCode}: {stderr}");
            Assert.Contains("and a worker (Ctrl-C stops both)", stderr);
            Assert.Contains("The worker exited with status 3", stderr);
            Assert.Contains("Stopping the web app", stderr);
            var web = int.Parse((await File.ReadAllLinesAsync(log)).Single(l => l.StartsWith("web ", StringComparison.Ordinal))[4..],
                System.Globalization.CultureInfo.InvariantCulture);
            Assert.False(IsRunning(web), "up left the web app running.");
            Assert.Empty(Directory.GetFiles(Path.Combine(checkout, ".data"), "*.pid"));
        }
        finally
        {
            Directory.Delete(checkout, recursive: true);
        }
    }

    private static async Task WriteScriptAsync(string path, string body)
    {
        await File.WriteAllTextAsync(path, "#!/usr/bin/env bash\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
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
        // The script builds and runs the configuration these tests were built in, so it finds what is already built.
        start.Environment["THOUGHTBOARD_CONFIGURATION"] = BuildConfiguration;
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

    /// <summary>The configuration these tests were built in (bin/&lt;configuration&gt;/net10.0).</summary>
    private static string BuildConfiguration => Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!;

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
