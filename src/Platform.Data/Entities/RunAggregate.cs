namespace Platform.Data.Entities;

/// <summary>
/// Summary metrics of one run for one scoring mode, over all items (<see cref="Level"/> null) or over
/// the items of one difficulty level. Unique per (run, mode, level).
/// </summary>
public class RunAggregate
{
    public long Id { get; set; }

    public long RunId { get; set; }

    public Run Run { get; set; } = null!;

    public ScoringMode Mode { get; set; }

    /// <summary>Difficulty level, or null for the whole run.</summary>
    public int? Level { get; set; }

    public int ItemCount { get; set; }

    public int CorrectCount { get; set; }

    public int NoAnswerCount { get; set; }

    public double Accuracy { get; set; }

    /// <summary>Lower bound of the 95% Wilson score interval of the accuracy.</summary>
    public double WilsonLow { get; set; }

    public double WilsonHigh { get; set; }

    public double NoAnswerRate { get; set; }

    public double MeanOutputTokens { get; set; }

    /// <summary>Output tokens spent per correct answer; null when nothing was correct.</summary>
    public double? TokensPerCorrect { get; set; }

    public double MeanLatencyMs { get; set; }

    public DateTimeOffset ComputedAt { get; set; }
}
