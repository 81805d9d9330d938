using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Platform.Worker.Tests.Models;

/// <summary>Serves one file at /model.gguf with Range support; can drop the first response part way.</summary>
public sealed class LoopbackFileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _content;
    private readonly Task _loop;

    public LoopbackFileServer(byte[] content)
    {
        _content = content;
        var port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{port}/model.gguf");
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public int? CutOffFirstResponseAfter { get; set; }

    /// <summary>Waited before each body is sent, so a test can overlap a second request with a download in flight.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>When set, every request for the file is answered with this status and no body.</summary>
    public int? FailWithStatus { get; set; }

    public List<string?> RangeHeaders { get; } = [];

    public int Requests { get; private set; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            Requests++;
            var response = context.Response;
            if (context.Request.Url!.AbsolutePath != "/model.gguf" || FailWithStatus is not null)
            {
                response.StatusCode = FailWithStatus ?? 404;
                response.Close();
                continue;
            }
            var range = context.Request.Headers["Range"];
            RangeHeaders.Add(range);
            var from = range is null ? 0 : long.Parse(range["bytes=".Length..].TrimEnd('-'), CultureInfo.InvariantCulture);
            if (range is not null)
            {
                response.StatusCode = 206;
                response.Headers["Content-Range"] = $"bytes {from}-{_content.Length - 1}/{_content.Length}";
            }
            response.ContentLength64 = _content.Length - from;
            if (ResponseDelay > TimeSpan.Zero)
                await Task.Delay(ResponseDelay);
            var cut = CutOffFirstResponseAfter;
            CutOffFirstResponseAfter = null;
            try
            {
                var count = cut is { } c ? Math.Min(c, _content.Length - (int)from) : _content.Length - (int)from;
                await response.OutputStream.WriteAsync(_content.AsMemory((int)from, count));
                await response.OutputStream.FlushAsync();
                if (cut is not null)
                {
                    response.Abort();
                    continue;
                }
                response.Close();
            }
            catch (HttpListenerException)
            {
                response.Abort();
            }
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
