using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Data.Entities;
using Platform.Gguf;
using Platform.Llama;
using Platform.Worker.Engine;

namespace Platform.Worker.Models;

/// <summary>Models registered by URL: one download per file, shared by the runs that wait for it.</summary>
public sealed partial class ModelCache
{
    /// <summary>The verified file in the model cache folder, joining the download already in flight for it if there is one.</summary>
    private async Task<string> DownloadAsync(LanguageModel model, Uri url, ModelPreparation? preparation, CancellationToken cancellationToken)
    {
        if (model.Sha256 is not { Length: > 0 } sha256)
            throw new ModelLoadException(
                $"Model '{model.Name}' is registered by URL ({Data.Security.ModelUrlPolicy.Display(url)}) without a SHA-256, so its download cannot be verified. " +
                "Register it again with the file's sha256.");
        string folder = options.Value.EffectiveModelCacheFolder;
        string target = Path.Combine(folder, sha256.ToLowerInvariant() + ".gguf");
        while (true)
        {
            (Task<string> Task, DownloadMeter Meter) download;
            lock (_lock)
            {
                if (!_downloads.TryGetValue(target, out download))
                {
                    var meter = NewMeter(model.Name);
                    // Started on the thread pool so its clean-up, which takes the same lock, runs after it is registered.
                    download = (Task.Run(() => DownloadOnceAsync(model, url, sha256, folder, target, meter, cancellationToken), CancellationToken.None), meter);
                    _downloads[target] = download;
                }
            }
            preparation?.Downloading(download.Meter);
            try
            {
                return await download.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The run that started the download was cancelled; this one takes over, resuming from the bytes kept.
            }
            catch (Exception ex) when (ex is ModelDownloadException or IOException or UnauthorizedAccessException)
            {
                throw new ModelLoadException($"Model '{model.Name}': download failed: {ex.Message}", ex, downloadFailed: true);
            }
            finally
            {
                preparation?.Downloading(null);
            }
        }
    }

    /// <summary>Counts a download's bytes for the runs waiting on it and logs every 64 MB, so a long download is visible without flooding the log.</summary>
    private DownloadMeter NewMeter(string modelName)
    {
        long lastLogged = 0;
        return new DownloadMeter(p =>
        {
            if (p.Received - Interlocked.Read(ref lastLogged) < 64L << 20)
                return;
            Interlocked.Exchange(ref lastLogged, p.Received);
            logger.LogInformation("Model {Model}: {Received} of {Total} bytes downloaded", modelName, p.Received, p.Total?.ToString() ?? "?");
        });
    }

    private async Task<string> DownloadOnceAsync(
        LanguageModel model, Uri url, string sha256, string folder, string target, DownloadMeter meter, CancellationToken cancellationToken)
    {
        try
        {
            if (File.Exists(target))
                return target;
            logger.LogInformation("Downloading model {Model} from {Url} to {Path}", model.Name, Data.Security.ModelUrlPolicy.Display(url), target);
            return downloader is null
                ? throw new ModelDownloadException($"This process downloads no models; give the path of a local .gguf file instead of {Data.Security.ModelUrlPolicy.Display(url)}.")
                : await downloader.DownloadAsync(url, sha256, folder, meter, cancellationToken);
        }
        finally
        {
            lock (_lock)
                _downloads.Remove(target);
        }
    }
}
