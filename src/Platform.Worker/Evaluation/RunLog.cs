using System.Globalization;
using System.Text;
using System.Text.Json;
using Platform.Evaluation.Running;
using Platform.Evaluation.Scoring;
using Platform.Evaluation.Scoring.Checkers;

namespace Platform.Worker.Evaluation;

/// <summary>A run log that cannot be read; the message names the file and line.</summary>
public sealed class RunLogFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A run log as read back: its header and one record per item, in file order.</summary>
public sealed record RunLogContent(EvaluationHeader Header, IReadOnlyList<ItemRecord> Items);

/// <summary>
/// The per-item JSONL log of a run: the first line is the <see cref="EvaluationHeader"/>, every further line one
/// <see cref="ItemRecord"/>. Each line is flushed as it is written, so an interrupted run keeps every finished item.
/// </summary>
public sealed class RunLogWriter : IAsyncDisposable
{
    private readonly StreamWriter _writer;

    private RunLogWriter(StreamWriter writer) => _writer = writer;

    /// <summary>
    /// Starts a log with its header and the records already finished (when a run resumes), then keeps it open for
    /// appending. The start is written aside and moved into place, so an existing log is replaced whole or not at all.
    /// </summary>
    public static async Task<RunLogWriter> CreateAsync(
        string path, EvaluationHeader header, IEnumerable<ItemRecord>? finished = null, CancellationToken cancellationToken = default)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var partial = fullPath + ".partial";
        await using (var start = new StreamWriter(partial, append: false, new UTF8Encoding(false)))
        {
            await start.WriteLineAsync(JsonSerializer.Serialize(header, WorkerEvaluationJson.Readable.EvaluationHeader).AsMemory(), cancellationToken).ConfigureAwait(false);
            foreach (var record in finished ?? [])
            {
                await start.WriteLineAsync(JsonSerializer.Serialize(record, WorkerEvaluationJson.Readable.ItemRecord).AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
        File.Move(partial, fullPath, overwrite: true);
        return new RunLogWriter(new StreamWriter(fullPath, append: true, new UTF8Encoding(false)));
    }

    public Task WriteAsync(ItemRecord record, CancellationToken cancellationToken = default) =>
        WriteLineAsync(JsonSerializer.Serialize(record, WorkerEvaluationJson.Readable.ItemRecord), cancellationToken);

    private async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        await _writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}

public static class RunLog
{
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="RunLogFormatException">A line is not a header or item record; the message says which.</exception>
    public static async Task<RunLogContent> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The run log '{path}' does not exist.", path);
        }
        EvaluationHeader? header = null;
        var items = new List<ItemRecord>();
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                if (header is null)
                {
                    header = JsonSerializer.Deserialize(line, WorkerEvaluationJson.Default.EvaluationHeader);
                    if (header?.Format != EvaluationHeader.CurrentFormat)
                    {
                        throw new RunLogFormatException(
                            $"{path}:{number}: the first line is not a run header of format '{EvaluationHeader.CurrentFormat}' " +
                            $"(found '{header?.Format ?? "nothing"}'); is this a log written by `thoughtboard eval --out`?");
                    }
                    continue;
                }
                items.Add(JsonSerializer.Deserialize(line, WorkerEvaluationJson.Default.ItemRecord)
                    ?? throw new RunLogFormatException($"{path}:{number}: the line is 'null', not an item record."));
            }
            catch (JsonException ex)
            {
                throw new RunLogFormatException(
                    string.Create(CultureInfo.InvariantCulture, $"{path}:{number}: not a valid {(header is null ? "run header" : "item record")}: {ex.Message}"), ex);
            }
        }
        return header is null
            ? throw new RunLogFormatException($"{path}: the file is empty; a run log starts with its header line.")
            : new RunLogContent(header, items);
    }
}

/// <summary>Scores stored outputs again with today's extractor and checkers, without the model.</summary>
public static class RunRescorer
{
    /// <summary>
    /// The record with its score recomputed from the stored raw output, using the answer kind and formats of the
    /// original run. Records without a score (failed items) are returned unchanged. Self-consistency's vote is not
    /// redone: the stored final output (the winning sample) is what is rescored.
    /// </summary>
    public static ItemRecord Rescore(ItemRecord record, RunHeader run)
    {
        if (record.Score is not { } stored)
        {
            return record;
        }
        var score = Scorer.Rescore(stored, record.Item, run.AnswerKind, run.AnswerFormats, AnswerCheckers.For(run.AnswerKind));
        return record with { Score = score };
    }
}
