using System.Globalization;
using Platform.Evaluation.Metrics;

namespace Platform.Cli.Evaluation;

/// <summary>
/// The results of a run as a text table: accuracy with its 95% Wilson interval under strict and flexible
/// scoring, no-answer rates, mean output tokens, output tokens per correct answer and mean latency, for the
/// whole run and per difficulty level.
/// </summary>
internal static class ResultsTable
{
    private static readonly string[] Headings =
        ["level", "items", "strict", "95% CI", "flexible", "95% CI", "no answer s/f", "out tok", "tok/correct", "latency"];

    public static void Write(TextWriter writer, IReadOnlyCollection<ItemOutcome> outcomes)
    {
        var rows = new List<string[]> { Row("all", outcomes) };
        rows.AddRange(outcomes.GroupBy(o => o.Level).OrderBy(g => g.Key)
            .Select(g => Row(g.Key.ToString(CultureInfo.InvariantCulture), g.ToList())));

        var widths = Headings.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        writer.WriteLine(string.Join("  ", Headings.Select((h, i) => i < 2 ? h.PadRight(widths[i]) : h.PadLeft(widths[i]))));
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join("  ", row.Select((cell, i) => i < 2 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))));
        }
        var failed = outcomes.Count(o => o.Failed);
        writer.WriteLine(failed == 0
            ? "tok/correct: output tokens per flexibly correct answer. Intervals: 95% Wilson."
            : string.Create(CultureInfo.InvariantCulture,
                $"{failed} item(s) failed with an error and are left out of every rate (see 'error' in the log). tok/correct: per flexibly correct answer. Intervals: 95% Wilson."));
    }

    private static string[] Row(string level, IReadOnlyCollection<ItemOutcome> outcomes)
    {
        var strict = RunMetrics.Summarize(outcomes, VerdictMode.Strict);
        var flexible = RunMetrics.Summarize(outcomes, VerdictMode.Flexible);
        return
        [
            level,
            strict.Scored.ToString(CultureInfo.InvariantCulture),
            Percent(strict.Accuracy.Value),
            Interval(strict.Accuracy),
            Percent(flexible.Accuracy.Value),
            Interval(flexible.Accuracy),
            $"{Percent(strict.NoAnswer.Value)} / {Percent(flexible.NoAnswer.Value)}",
            flexible.MeanOutputTokens.ToString("0.0", CultureInfo.InvariantCulture),
            flexible.TokensPerCorrect is { } perCorrect ? perCorrect.ToString("0.0", CultureInfo.InvariantCulture) : "-",
            Seconds(flexible.MeanLatency),
        ];
    }

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Interval(Proportion proportion)
    {
        var wilson = proportion.Wilson95;
        return $"[{Percent(wilson.Lower)}, {Percent(wilson.Upper)}]";
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
