using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Platform.Worker.Tests.Jobs;

/// <summary>
/// A PostgreSQL server of this test alone (initdb in a temporary folder, a free loopback port), so a test may
/// restart it without disturbing the shared test server other test classes use at the same time. As root the
/// server runs as the postgres OS user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private const string Password = "private-test";
    private readonly string _folder;
    private readonly string _binaries;

    private PrivatePostgres(string folder, string binaries, int port)
    {
        _folder = folder;
        _binaries = binaries;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=thoughtboard;Password={Password};Timeout=5";

    public static async Task<PrivatePostgres> StartAsync()
    {
        string binaries = FindBinaries();
        string folder = Path.Combine(Path.GetTempPath(), $"tb-private-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "pw"), Password);
        if (IsRoot)
            Run("chown", "-R", "postgres:", folder);
        var server = new PrivatePostgres(folder, binaries, FreePort());
        server.AsOwner(Path.Combine(binaries, "initdb"), "-D", server.DataDirectory, "-U", "thoughtboard", "--pwfile", Path.Combine(folder, "pw"),
            "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C");
        await File.AppendAllTextAsync(Path.Combine(server.DataDirectory, "postgresql.conf"),
            $"\nlisten_addresses = '127.0.0.1'\nport = {server.Port}\nunix_socket_directories = ''\nfsync = off\nsynchronous_commit = off\n");
        server.PgCtl("start");
        return server;
    }

    private string DataDirectory => Path.Combine(_folder, "data");

    /// <summary>Stops the server (fast: open connections are terminated) and starts it again.</summary>
    public void Restart() => PgCtl("restart", "-m", "fast");

    private void PgCtl(params string[] arguments) =>
        AsOwner([Path.Combine(_binaries, "pg_ctl"), "-D", DataDirectory, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", .. arguments]);

    private void AsOwner(params string[] command)
    {
        if (IsRoot)
            Run("runuser", ["-u", "postgres", "--", .. command]);
        else
            Run(command[0], command[1..]);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static void Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output}");
    }

    private static string FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending()
            : Enumerable.Empty<string>();
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("No PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb); install the postgresql package.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            PgCtl("stop", "-m", "immediate");
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder is removed either way.
        }
        await Task.Run(() => Directory.Delete(_folder, recursive: true));
    }
}
