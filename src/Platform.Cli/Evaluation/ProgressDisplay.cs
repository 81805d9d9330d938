using System.Diagnostics;
using System.Globalization;

namespace Platform.Cli.Evaluation;

/// <summary>
/// Progress of a run on stderr: items done of total, output tokens per second and time left. On a terminal one
/// line is redrawn in place; otherwise (a log file, a test) a plain line is written after the first item and every tenth of the run.
/// </summary>
internal sealed class ProgressDisplay(TextWriter writer, bool interactive, int total)
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastDraw = TimeSpan.MinValue;
    private int _lastPlainDecile = -1;
    private int _done;
    private int _failed;
    private long _outputTokens;

    public void ItemFinished(int outputTokens, bool failed)
    {
        _done++;
        _failed += failed ? 1 : 0;
        _outputTokens += outputTokens;
        if (interactive)
        {
            if (_clock.Elapsed - _lastDraw >= RedrawInterval || _done == total)
            {
                _lastDraw = _clock.Elapsed;
                writer.Write("\r" + Line() + "\u001b[K");
            }
            return;
        }
        var decile = total == 0 ? 10 : _done * 10 / total;
        if (decile != _lastPlainDecile)
        {
            _lastPlainDecile = decile;
            writer.WriteLine(Line());
        }
    }

    /// <summary>Ends the redrawn line so what follows starts on its own line.</summary>
    public void Finish()
    {
        if (interactive && _done > 0)
        {
            writer.WriteLine();
        }
    }

    private string Line()
    {
        var elapsed = _clock.Elapsed.TotalSeconds;
        var rate = elapsed > 0 ? _outputTokens / elapsed : 0;
        var width = 24;
        var filled = total == 0 ? width : (int)((long)_done * width / total);
        var bar = new string('#', filled) + new string('.', width - filled);
        var eta = _done == 0 ? "?" : FormatDuration(TimeSpan.FromSeconds(elapsed / _done * (total - _done)));
        var failed = _failed > 0 ? string.Create(CultureInfo.InvariantCulture, $", {_failed} failed") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"[{bar}] {_done}/{total} items{failed} | {rate:0} tok/s | elapsed {FormatDuration(_clock.Elapsed)} | ETA {eta}");
    }

    public static string FormatDuration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m")
        : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m{span.Seconds:00}s");
}
