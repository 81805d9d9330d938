using System.Globalization;
using System.Text;
using System.Text.Json;
using Platform.Evaluation.Datasets.Suites;
using Platform.Evaluation.Scoring.Checkers;

namespace Platform.Evaluation.Datasets.Import;

/// <summary>
/// Turns a user's dataset file into a <see cref="Suite"/>. Every record is validated and every bad one is
/// reported with its line number; the file is refused if any record is bad, unless
/// <see cref="ImportOptions.SkipInvalid"/> is set. The suite's version is a hash of the imported items only,
/// so importing the same content again (from any path, with any line endings) gives the same suite hash.
/// </summary>
public static class SuiteImporter
{
    public static ImportReport Import(string path, ImportFormat format, ImportOptions? options = null)
    {
        options ??= new ImportOptions();
        var file = new FileInfo(path);
        if (!file.Exists) return Refused($"the file '{path}' does not exist");
        if (file.Length > options.MaxBytes) return TooLarge(file.Length, options.MaxBytes);
        using var stream = file.OpenRead();
        return Import(stream, format, options);
    }

    public static ImportReport Import(Stream stream, ImportFormat format, ImportOptions? options = null)
    {
        options ??= new ImportOptions();
        if (stream.CanSeek && stream.Length - stream.Position > options.MaxBytes)
            return TooLarge(stream.Length - stream.Position, options.MaxBytes);
        if (format is ImportFormat.GenericJsonl or ImportFormat.GenericCsv)
        {
            if (options.Mapping is null) return Refused("a generic import needs a field mapping (question field, answer field, answer kind)");
            if (options.Mapping.AnswerKind == AnswerKind.Choice && options.Mapping.ChoicesField is null)
                return Refused("Choice answers need a choices field in the mapping");
            if (options.Mapping.AnswerKind != AnswerKind.Choice && options.Mapping.ChoicesField is not null)
                return Refused($"a choices field only makes sense for Choice answers, not {options.Mapping.AnswerKind}");
            if (options.Mapping.AnswerKind is AnswerKind.Expression or AnswerKind.Plan)
                return Refused($"{options.Mapping.AnswerKind} answers cannot be imported generically: their checker needs structured data (use the Game-of-24 CSV import, or a built-in suite)");
        }

        var name = options.Name ?? DefaultName(format);
        var (answerKind, taskType) = KindsFor(format, options.Mapping);
        var items = new List<Item>();
        var problems = new List<ImportProblem>();
        var records = 0;
        try
        {
            // Telling Parquet from text needs a look at the first bytes, and reading Parquet needs a seekable stream.
            using var buffered = stream.CanSeek ? null : Buffer(stream, options.MaxBytes);
            var input = buffered ?? stream;
            var parquet = ParquetRows.IsParquet(input);
            using var limited = new SizeLimitedStream(input, options.MaxBytes);
            using var reader = new StreamReader(limited, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            var converted = parquet ? ReadParquet(input, format, options, name)
                : format is ImportFormat.Game24Csv or ImportFormat.GenericCsv ? ReadCsv(reader, format, options, name)
                : format is ImportFormat.LogiQa ? ReadLogiQa(reader, options, name)
                : ReadJsonLines(reader, format, options, name);
            foreach (var (line, item, problem) in converted)
            {
                records++;
                if (item is not null) items.Add(item);
                else problems.Add(new ImportProblem(line, problem!));
            }
        }
        catch (SizeLimitedStream.TooLargeException)
        {
            return TooLarge(null, options.MaxBytes);
        }
        catch (DecoderFallbackException)
        {
            return Refused("the file is not valid UTF-8 text");
        }
        catch (InvalidDataException error)
        {
            return Refused(error.Message);
        }

        if (records == 0) return Refused("the file holds no records", problems);
        if (problems.Count > 0 && !options.SkipInvalid)
            return new ImportReport(null, problems, records);
        if (items.Count == 0) return new ImportReport(null, [.. problems, new ImportProblem(0, "no valid records remain")], records);

        var version = "content-" + Hashing.Sha256Hex(string.Join('\u001f', items.Select(i => i.ContentHash)))[..16];
        var description = $"Imported {FormatLabel(format)} file, {items.Count} items.";
        var suite = new Suite(name, version, taskType, answerKind, description, items, AnswerCheckers.For(answerKind));
        return new ImportReport(suite, problems, records);
    }

    private static ImportReport Refused(string reason, IEnumerable<ImportProblem>? more = null) =>
        new(null, [.. more ?? [], new ImportProblem(0, reason)], 0);

    private static ImportReport TooLarge(long? size, long limit) =>
        Refused((size is null ? "the file is" : $"the file is {Megabytes(size.Value)}, which is") +
                $" larger than the import limit of {Megabytes(limit)}; split it into smaller files or raise the limit (ImportOptions.MaxBytes)");

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB";

    private static string DefaultName(ImportFormat format) => format switch
    {
        ImportFormat.Gsm8k => "gsm8k",
        ImportFormat.CommonsenseQa => "commonsenseqa",
        ImportFormat.LogiQa => "logiqa",
        ImportFormat.Aime => "aime",
        ImportFormat.Game24Csv => "game24-csv",
        _ => "imported",
    };

    private static string FormatLabel(ImportFormat format) => format switch
    {
        ImportFormat.Gsm8k => "a GSM8K JSONL",
        ImportFormat.CommonsenseQa => "a CommonsenseQA JSONL",
        ImportFormat.LogiQa => "a LogiQA JSONL",
        ImportFormat.Aime => "an AIME-style JSONL",
        ImportFormat.Game24Csv => "a Game-of-24 CSV",
        ImportFormat.GenericJsonl => "a JSONL",
        _ => "a CSV",
    };

    private static (AnswerKind, TaskType) KindsFor(ImportFormat format, FieldMapping? mapping) => format switch
    {
        ImportFormat.Gsm8k => (AnswerKind.Number, TaskType.Arithmetic),
        ImportFormat.CommonsenseQa => (AnswerKind.Choice, TaskType.Commonsense),
        ImportFormat.LogiQa => (AnswerKind.Choice, TaskType.Logic),
        ImportFormat.Aime => (AnswerKind.Number, TaskType.Math),
        ImportFormat.Game24Csv => (AnswerKind.Expression, TaskType.Puzzle),
        _ => (mapping!.AnswerKind, mapping.TaskType),
    };

    // Numbered by record, counting bad ones too: blank lines or a multi-line CSV field do not shift ids, and
    // fixing a bad record later leaves every other id as it was.
    private static string ItemId(string name, int record) => $"{name}-{record.ToString("D6", CultureInfo.InvariantCulture)}";

    private static MemoryStream Buffer(Stream stream, long maxBytes)
    {
        var buffer = new MemoryStream();
        new SizeLimitedStream(stream, maxBytes).CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }

    // ---- Parquet: each row is read as the JSON object it would be in a JSON-lines file; its line is its row number.

    private static IEnumerable<(int Line, Item? Item, string? Problem)> ReadParquet(Stream input, ImportFormat format, ImportOptions options, string name)
    {
        var rows = ParquetRows.Read(input);
        for (var row = 0; row < rows.Count; row++)
        {
            using var document = rows[row];
            var (item, problem) = FromJson(document.RootElement, format, options, ItemId(name, row + 1));
            yield return (row + 1, item, problem);
        }
    }

    // ---- LogiQA: JSON lines, or the release's own text files -------------------------------------

    private static IEnumerable<(int Line, Item? Item, string? Problem)> ReadLogiQa(TextReader reader, ImportOptions options, string name)
    {
        var text = reader.ReadToEnd();
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var first = lines.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l)) ?? "";
        return LogiQaText.Looks(first)
            ? LogiQaText.Read(lines, record => ItemId(name, record))
            : ReadJsonLines(new StringReader(text), ImportFormat.LogiQa, options, name);
    }

    // ---- JSON lines --------------------------------------------------------------------------------

    private static (Item?, string?) FromJson(JsonElement root, ImportFormat format, ImportOptions options, string id)
    {
        if (root.ValueKind != JsonValueKind.Object) return (null, $"expected a JSON object, found {root.ValueKind}");
        var record = new JsonRecord(root);
        try
        {
            return (format switch
            {
                ImportFormat.Gsm8k => ImportRecords.Gsm8k(record, id),
                ImportFormat.CommonsenseQa => ImportRecords.CommonsenseQa(record, id),
                ImportFormat.LogiQa => ImportRecords.LogiQa(record, id),
                ImportFormat.Aime => ImportRecords.Aime(record, id),
                ImportFormat.Game24Csv => ImportRecords.Game24(record, id),
                _ => ImportRecords.Generic(record, id, options.Mapping!, options.CsvChoiceSeparator),
            }, null);
        }
        catch (InvalidRecordException error) { return (null, error.Message); }
    }

    private static IEnumerable<(int Line, Item? Item, string? Problem)> ReadJsonLines(TextReader reader, ImportFormat format, ImportOptions options, string name)
    {
        var lineNumber = 0;
        var recordNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            recordNumber++;
            JsonDocument? document = null;
            string? parseError = null;
            try { document = JsonDocument.Parse(line); }
            catch (JsonException error) { parseError = $"not valid JSON ({error.Message.Split(" LineNumber")[0].Trim()})"; }
            if (document is null) { yield return (lineNumber, null, parseError); continue; }
            using (document)
            {
                var (item, problem) = FromJson(document.RootElement, format, options, ItemId(name, recordNumber));
                yield return (lineNumber, item, problem);
            }
        }
    }

    private static IEnumerable<string> RequiredColumns(ImportFormat format, FieldMapping? mapping) =>
        format == ImportFormat.Game24Csv
            ? ["Puzzles"]
            : new[] { mapping!.QuestionField, mapping.AnswerField, mapping.ChoicesField, mapping.LevelField }.OfType<string>();

    // ---- CSV ---------------------------------------------------------------------------------------

    private static IEnumerable<(int Line, Item? Item, string? Problem)> ReadCsv(TextReader reader, ImportFormat format, ImportOptions options, string name)
    {
        IReadOnlyList<string>? header = null;
        var recordNumber = 0;
        foreach (var csv in new CsvRecordReader(reader).ReadAll())
        {
            if (csv.Error is not null) { yield return (csv.Line, null, csv.Error); yield break; }
            if (header is null)
            {
                header = csv.Fields.Select(f => f.Trim().TrimStart('\uFEFF')).ToList();
                var missing = RequiredColumns(format, options.Mapping).Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
                if (missing.Count > 0)
                {
                    yield return (csv.Line, null, $"the header lacks the column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}; it has {string.Join(", ", header.Select(h => $"'{h}'"))}");
                    yield break;
                }
                continue;
            }
            recordNumber++;
            if (csv.Fields.Count != header.Count)
            {
                yield return (csv.Line, null, $"has {csv.Fields.Count} fields but the header has {header.Count}");
                continue;
            }
            var record = new CsvRecord(header, csv.Fields);
            var id = ItemId(name, recordNumber);
            Item? item = null;
            string? problem = null;
            try
            {
                item = format == ImportFormat.Game24Csv
                    ? ImportRecords.Game24(record, id)
                    : ImportRecords.Generic(record, id, options.Mapping!, options.CsvChoiceSeparator);
            }
            catch (InvalidRecordException error) { problem = error.Message; }
            yield return (csv.Line, item, problem);
        }
    }
}
