using System.Diagnostics;
using System.Text;

namespace Platform.Worker.Tests.Jobs;

/// <summary>The Platform.Worker program started as a child process, configured through environment variables as in a deployment.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process) => _process = process;

    public static WorkerProcess Start(string connectionString, string workerName)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(WorkerDll);
        foreach (var (key, value) in JobHosts.Settings(connectionString, workerName))
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var worker = new WorkerProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start."));
        worker._process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>SIGKILL: the process gets no chance to clean up, like a machine losing power.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>The worker built next to this test project (the test project references it, so it is up to date).</summary>
    private static string WorkerDll
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
                directory = directory.Parent;
            if (directory is null)
                throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}; the worker program cannot be found.");
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<configuration>/net10.0
            var path = Path.Combine(directory.FullName, "src", "Platform.Worker", "bin", configuration, "net10.0", "Platform.Worker.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing; build src/Platform.Worker first.");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            Kill();
        _process.Dispose();
    }
}
