namespace Platform.Evaluation.Datasets.Import;

/// <summary>The file formats a user can import. See docs/suites.md for the fields each one reads.</summary>
public enum ImportFormat { Gsm8k, CommonsenseQa, LogiQa, Aime, Game24Csv, GenericJsonl, GenericCsv }

/// <summary>
/// Where a generic JSONL or CSV file keeps each part of an item. JSON fields may be dotted paths
/// ("question.stem"). Choices are a JSON array (of strings, or of objects with "text") or, in CSV, one column
/// whose options are separated by <see cref="ImportOptions.CsvChoiceSeparator"/>.
/// Expression and Plan answers need structured data and cannot be imported generically.
/// </summary>
public sealed record FieldMapping(
    string QuestionField,
    string AnswerField,
    AnswerKind AnswerKind,
    TaskType TaskType,
    string? ChoicesField = null,
    string? LevelField = null);

public sealed record ImportOptions
{
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>Suite name; by default the format's name (gsm8k, commonsenseqa, logiqa, aime, game24-csv, imported).</summary>
    public string? Name { get; init; }

    /// <summary>Import the good lines and list the bad ones as skipped, instead of refusing the whole file.</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>Files larger than this are refused before reading.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>Required for <see cref="ImportFormat.GenericJsonl"/> and <see cref="ImportFormat.GenericCsv"/>.</summary>
    public FieldMapping? Mapping { get; init; }

    public char CsvChoiceSeparator { get; init; } = '|';
}

/// <summary>One bad line: its 1-based line number (0 for the file as a whole) and what is wrong with it.</summary>
public sealed record ImportProblem(int Line, string Reason)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Reason}" : Reason;
}

/// <summary>
/// The outcome of an import. <see cref="Suite"/> is null when the file was refused; <see cref="Problems"/> then
/// lists every reason. With <see cref="ImportOptions.SkipInvalid"/> the suite holds the good lines and
/// <see cref="Problems"/> lists the skipped ones.
/// </summary>
public sealed record ImportReport(Suite? Suite, IReadOnlyList<ImportProblem> Problems, int RecordsRead)
{
    public bool Succeeded => Suite is not null;
    public int Skipped => Suite is null ? 0 : Problems.Count(p => p.Line > 0);

    public string Summary() =>
        Suite is null
            ? $"Import refused: {Problems.Count} problem(s).\n" + string.Join('\n', Problems)
            : $"Imported {Suite.Items.Count} item(s) as '{Suite.Name}' {Suite.Version}" +
              (Problems.Count > 0 ? $"; skipped {Problems.Count}:\n" + string.Join('\n', Problems) : ".");
}
