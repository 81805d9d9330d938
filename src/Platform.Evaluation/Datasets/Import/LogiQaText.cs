namespace Platform.Evaluation.Datasets.Import;

/// <summary>
/// LogiQA's own release files (Train.txt, Eval.txt, Test.txt): records separated by blank lines, each seven lines:
/// the answer letter, the context, the question, and the options "A." to "D.".
/// </summary>
internal static class LogiQaText
{
    private const int RecordLines = 7;

    /// <summary>The release files start with an answer letter alone on its line, which a JSON line never is (a wrong
    /// letter is still this format, and is reported as a bad record).</summary>
    public static bool Looks(string firstNonBlankLine) =>
        firstNonBlankLine.Trim() is { Length: 1 } letter && char.IsAsciiLetter(letter[0]);

    private static bool IsAnswerLetter(string line) =>
        line.Trim() is { Length: 1 } letter && char.ToLowerInvariant(letter[0]) is >= 'a' and <= 'd';

    /// <summary>Each record with the line it starts on, and the item or why it is not one.</summary>
    public static IEnumerable<(int Line, Item? Item, string? Problem)> Read(IReadOnlyList<string> lines, Func<int, string> itemId)
    {
        var record = new List<(int Line, string Text)>();
        var recordNumber = 0;
        for (var i = 0; i <= lines.Count; i++)
        {
            if (i < lines.Count && !string.IsNullOrWhiteSpace(lines[i]))
            {
                record.Add((i + 1, lines[i]));
                continue;
            }
            if (record.Count == 0) continue;
            recordNumber++;
            var (line, item, problem) = Convert(record, itemId(recordNumber));
            yield return (line, item, problem);
            record.Clear();
        }
    }

    /// <returns>The item, or the line that is wrong (the record's first line when it is the record) and why.</returns>
    private static (int Line, Item?, string?) Convert(List<(int Line, string Text)> record, string id)
    {
        var start = record[0].Line;
        if (record.Count != RecordLines)
            return (start, null, $"a LogiQA record has {RecordLines} lines (answer letter, context, question, options A. to D.); this one has {record.Count}");
        var answer = record[0].Text.Trim();
        if (!IsAnswerLetter(answer))
            return (start, null, $"the answer line '{Shorten(answer)}' is not one of the letters a-d");
        var options = new List<string>();
        for (var k = 0; k < 4; k++)
        {
            var (line, text) = record[3 + k];
            var label = (char)('A' + k);
            var trimmed = text.TrimStart();
            if (trimmed.Length < 2 || char.ToUpperInvariant(trimmed[0]) != label || trimmed[1] is not ('.' or ')' or '、' or '．'))
                return (line, null, $"expected option {label} ('{label}.' and its text), found '{Shorten(text)}'");
            var option = trimmed[2..].Trim();
            if (option.Length == 0) return (line, null, $"option {label} is empty");
            options.Add(option);
        }
        var context = record[1].Text.Trim();
        var question = record[2].Text.Trim();
        var index = char.ToLowerInvariant(answer[0]) - 'a';
        return (start, new Item(id, 1, $"{context}\n{question}", ((char)('A' + index)).ToString(), options, Item.NoMetadata), null);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
