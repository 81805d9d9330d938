using System.Globalization;

namespace Platform.Worker.Models;

/// <summary>Bytes received by one download in flight; shared by every run waiting for that file.</summary>
public sealed class DownloadMeter(Action<DownloadProgress>? onProgress = null) : IProgress<DownloadProgress>
{
    private long _received;
    private long _total = -1;

    public long Received => Interlocked.Read(ref _received);

    /// <summary>The file's full size, when the server said it.</summary>
    public long? Total => Interlocked.Read(ref _total) is var total and >= 0 ? total : null;

    public void Report(DownloadProgress value)
    {
        Interlocked.Exchange(ref _total, value.Total ?? -1);
        Interlocked.Exchange(ref _received, value.Received);
        onProgress?.Invoke(value);
    }
}

/// <summary>
/// What the model cache is doing to make one run's model ready: filled in by <see cref="ModelCache"/>, read by the
/// run's heartbeat, which stores <see cref="Describe"/> on the run so its page can say why no item has finished yet.
/// </summary>
public sealed class ModelPreparation
{
    private volatile DownloadMeter? _download;
    private volatile bool _loading;

    internal void Downloading(DownloadMeter? meter) => _download = meter;

    internal void Loading(bool loading) => _loading = loading;

    /// <summary>"Downloading the model: 1.2 GB of 4.7 GB (26%)", "Loading the model", or null when there is nothing to wait for.</summary>
    public string? Describe()
    {
        if (_loading)
            return "Loading the model";
        if (_download is not { } meter)
            return null;
        long received = meter.Received;
        return meter.Total is { } total and > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Downloading the model: {Size(received)} of {Size(total)} ({100 * received / total}%)")
            : $"Downloading the model: {Size(received)} so far";
    }

    /// <summary>Bytes in the largest unit that keeps a digit before the point: "512 KB", "1.2 GB".</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }
        return unit == 0 || value >= 100
            ? string.Create(CultureInfo.InvariantCulture, $"{value:F0} {units[unit]}")
            : string.Create(CultureInfo.InvariantCulture, $"{value:F1} {units[unit]}");
    }
}
