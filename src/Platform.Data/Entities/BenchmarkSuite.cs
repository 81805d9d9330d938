namespace Platform.Data.Entities;

/// <summary>
/// A stored benchmark suite. <see cref="TaskType"/> and <see cref="AnswerKind"/> hold the names of the
/// evaluation core's enums of the same names; the data layer keeps them as text so it needs no reference
/// to the core.
/// </summary>
public class BenchmarkSuite
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string Version { get; set; }

    public required string TaskType { get; set; }

    public required string AnswerKind { get; set; }

    public string Description { get; set; } = "";

    /// <summary>Hash over name, version and every item (the evaluation core's Suite.ContentHash).</summary>
    public required string ContentHash { get; set; }

    public SuiteSource Source { get; set; }

    /// <summary>
    /// A hidden test set: its prompts, targets and the outputs of runs on it are shown to administrators only;
    /// everyone else sees the aggregates. Set by <c>thoughtboard import --private</c>.
    /// </summary>
    public bool IsPrivate { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<SuiteItem> Items { get; set; } = [];
}
