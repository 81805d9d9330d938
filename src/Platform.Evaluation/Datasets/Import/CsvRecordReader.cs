using System.Text;

namespace Platform.Evaluation.Datasets.Import;

/// <summary>
/// Streams RFC 4180 CSV: comma separated, fields optionally in double quotes, "" for a quote inside quotes,
/// line breaks allowed inside quotes. Each record carries the line it starts on, for error messages.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private int _line = 1;

    public sealed record Record(int Line, IReadOnlyList<string> Fields, string? Error);

    public IEnumerable<Record> ReadAll()
    {
        while (true)
        {
            var record = ReadRecord();
            if (record is null) yield break;
            if (record.Error is null && record.Fields is [""]) continue; // blank line
            yield return record;
        }
    }

    private Record? ReadRecord()
    {
        if (reader.Peek() < 0) return null;
        var start = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var fieldStarted = false;
        while (true)
        {
            var next = reader.Read();
            if (next < 0)
            {
                if (quoted) return new Record(start, fields, $"a quoted field opened on line {start} is never closed");
                fields.Add(field.ToString());
                return new Record(start, fields, null);
            }
            var c = (char)next;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') _line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when !fieldStarted:
                    quoted = true;
                    fieldStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    _line++;
                    fields.Add(field.ToString());
                    return new Record(start, fields, null);
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }
    }
}
