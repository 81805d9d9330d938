namespace Platform.Data.Entities;

/// <summary>One question of a stored suite.</summary>
public class SuiteItem
{
    public long Id { get; set; }

    public long SuiteId { get; set; }

    public BenchmarkSuite Suite { get; set; } = null!;

    /// <summary>The item's id inside its suite (the evaluation core's Item.Id), unique per suite.</summary>
    public required string Key { get; set; }

    /// <summary>Order of the item in the suite, so a limited run always takes the same first N items.</summary>
    public int Position { get; set; }

    /// <summary>Difficulty level; aggregates are also broken down by it.</summary>
    public int Level { get; set; }

    public required string Prompt { get; set; }

    public required string Target { get; set; }

    /// <summary>Options of a multiple-choice item, lettered A, B, C... in this order; empty otherwise.</summary>
    public List<string> Choices { get; set; } = [];

    /// <summary>JSON object of string values the checker or the leaderboard may need (jsonb).</summary>
    public string MetadataJson { get; set; } = "{}";

    public required string ContentHash { get; set; }
}
