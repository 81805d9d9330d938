using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Evaluation.Datasets.Suites;
using Platform.Evaluation.Scoring.Checkers;

namespace Platform.Evaluation.Datasets.Import;

/// <summary>Why one record cannot become an item; the message is shown with the record's line number.</summary>
internal sealed class InvalidRecordException(string message) : Exception(message);

/// <summary>Read access to one record, JSON object or CSV row. Field names match case-insensitively.</summary>
internal interface IRecord
{
    /// <summary>The field as text (strings as they are, numbers in their written form), or null when absent or null.</summary>
    string? Text(string field);

    /// <summary>A list field: a JSON array of strings or of objects with "text", or separated text.</summary>
    IReadOnlyList<string>? List(string field, char separator);
}

/// <summary>How each supported format maps a record to an item.</summary>
internal static partial class ImportRecords
{
    public static Item Gsm8k(IRecord record, string id)
    {
        var question = Required(record, "question");
        var answer = Required(record, "answer");
        var marker = answer.LastIndexOf("####", StringComparison.Ordinal);
        if (marker < 0) throw new InvalidRecordException("'answer' has no final '#### <number>' line");
        var final = answer[(marker + 4)..].Trim();
        if (!NumberText.TryReadSingle(final, out var number, out var problem))
            throw new InvalidRecordException($"the final answer after '####' is not a number: {problem}");
        var rationale = answer[..marker].Trim();
        // A GSM8K solution writes one reasoning step per line; level = steps - 1 matches the arithmetic suite (level L = L + 1 steps).
        var steps = rationale.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
        var level = Math.Clamp(steps - 1, 1, 5);
        return new Item(id, level, question, number.Value.ToDecimalString(), Item.NoChoices, new Dictionary<string, string>
        {
            ["rationale"] = rationale,
            ["steps"] = steps.ToString(CultureInfo.InvariantCulture),
        });
    }

    public static Item CommonsenseQa(IRecord record, string id)
    {
        // The original release nests the choices in the question; the Hugging Face copy has "question" as text and
        // "choices" as {label: [...], text: [...]}.
        var hubLayout = record.Text("question.stem") is null && record.List("choices.text", '\0') is not null;
        var stem = Required(record, hubLayout ? "question" : "question.stem");
        var labels = record.List(hubLayout ? "choices.label" : "question.choices.label", '\0');
        var texts = (hubLayout ? record.List("choices.text", '\0') : record.List("question.choices", '\0'))
            ?? throw new InvalidRecordException("missing field 'question.choices'");
        if (labels is null || labels.Count != texts.Count)
            throw new InvalidRecordException("every entry of 'question.choices' needs a 'label' and a 'text'");
        for (var i = 0; i < labels.Count; i++)
            if (!string.Equals(labels[i].Trim(), ChoiceChecker.Letter(i), StringComparison.OrdinalIgnoreCase))
                throw new InvalidRecordException($"choice labels must run A, B, C... in order; found '{string.Join(",", labels)}'");
        var key = Required(record, "answerKey").Trim();
        var index = ChoiceChecker.LetterIndex(key);
        if (index is null || index >= texts.Count)
            throw new InvalidRecordException($"'answerKey' is '{key}', which is not one of the labels A-{ChoiceChecker.Letter(texts.Count - 1)}");
        var metadata = new Dictionary<string, string>();
        if (record.Text("id") is { } sourceId) metadata["source-id"] = sourceId;
        return ChoiceItem(id, 1, stem, texts, index.Value, metadata);
    }

    public static Item LogiQa(IRecord record, string id)
    {
        var context = First(record, "context", "text");
        var question = First(record, "question", "query");
        var options = record.List("options", '\0') ?? throw new InvalidRecordException("missing field 'options' (a JSON array of option texts)");
        if (options.Count < 2) throw new InvalidRecordException($"'options' has {options.Count} entries; at least 2 are needed");
        var answer = First(record, "answer", "correct_option", "label").Trim();
        int index;
        if (int.TryParse(answer, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) index = number;
        else index = ChoiceChecker.LetterIndex(answer) ?? -1;
        if (index < 0 || index >= options.Count)
            throw new InvalidRecordException($"the answer '{answer}' is not an option index 0-{options.Count - 1} or letter A-{ChoiceChecker.Letter(options.Count - 1)}");
        var metadata = new Dictionary<string, string>();
        if (record.Text("id") is { } sourceId) metadata["source-id"] = sourceId;
        return ChoiceItem(id, 1, $"{context.Trim()}\n{question.Trim()}", options, index, metadata);
    }

    public static Item Aime(IRecord record, string id)
    {
        var problem = First(record, "problem", "question");
        var answer = Required(record, "answer");
        if (!NumberText.TryReadSingle(answer, out var number, out var reason))
            throw new InvalidRecordException($"'answer' is not a number: {reason}");
        var metadata = new Dictionary<string, string>();
        if ((record.Text("id") ?? record.Text("url")) is { } sourceId) metadata["source-id"] = sourceId;
        return new Item(id, 1, problem, number.Value.ToDecimalString(), Item.NoChoices, metadata);
    }

    public static Item Game24(IRecord record, string id)
    {
        var puzzle = Required(record, "Puzzles");
        var parts = puzzle.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var numbers = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 100)
                throw new InvalidRecordException($"'{part}' in Puzzles is not a whole number from 1 to 100");
            numbers.Add(n);
        }
        if (numbers.Count != 4) throw new InvalidRecordException($"Puzzles '{puzzle}' has {numbers.Count} numbers; a Game of 24 puzzle has 4");
        var solutions = Game24Solver.CountSolutions(numbers);
        if (solutions == 0) throw new InvalidRecordException($"'{puzzle}' cannot make 24");
        return Game24Suite.CreateItem(id, Game24Suite.LevelFor(solutions), numbers);
    }

    public static Item Generic(IRecord record, string id, FieldMapping mapping, char separator)
    {
        var question = Required(record, mapping.QuestionField);
        var answer = Required(record, mapping.AnswerField).Trim();
        var level = 1;
        if (mapping.LevelField is not null)
        {
            var text = Required(record, mapping.LevelField);
            var digits = WholeNumber().Matches(text);
            if (digits.Count != 1 || !int.TryParse(digits[0].Value, CultureInfo.InvariantCulture, out level) || level is < 1 or > 5)
                throw new InvalidRecordException($"level '{text}' is not a whole number from 1 to 5");
        }
        switch (mapping.AnswerKind)
        {
            case AnswerKind.Number:
                if (!NumberText.TryReadSingle(answer, out _, out var problem))
                    throw new InvalidRecordException($"answer is not a number: {problem}");
                return new Item(id, level, question, answer, Item.NoChoices, Item.NoMetadata);
            case AnswerKind.Choice:
                var choices = record.List(mapping.ChoicesField!, separator)
                    ?? throw new InvalidRecordException($"missing field '{mapping.ChoicesField}'");
                if (choices.Count < 2) throw new InvalidRecordException($"'{mapping.ChoicesField}' has {choices.Count} option(s); at least 2 are needed");
                if (choices.Count > 26) throw new InvalidRecordException($"'{mapping.ChoicesField}' has {choices.Count} options; at most 26 can be lettered");
                var index = ChoiceChecker.LetterIndex(answer) is { } letter && letter < choices.Count
                    ? letter
                    : choices.Select(c => TextNormalizer.Normalize(c)).ToList().IndexOf(TextNormalizer.Normalize(answer));
                if (index < 0)
                    throw new InvalidRecordException($"answer '{answer}' is neither an option letter A-{ChoiceChecker.Letter(choices.Count - 1)} nor the text of an option");
                return ChoiceItem(id, level, question, choices, index, new Dictionary<string, string>());
            default:
                if (answer.Length == 0) throw new InvalidRecordException($"'{mapping.AnswerField}' is empty");
                return new Item(id, level, question, answer, Item.NoChoices, Item.NoMetadata);
        }
    }

    [GeneratedRegex(@"[0-9]+")]
    private static partial Regex WholeNumber();

    // The options travel in Choices, not in the question text: the style letters and shows them.
    private static Item ChoiceItem(string id, int level, string question, IReadOnlyList<string> choices, int answer, Dictionary<string, string> metadata) =>
        new(id, level, question.Trim(), ChoiceChecker.Letter(answer), choices, metadata);

    private static string Required(IRecord record, string field)
    {
        var value = record.Text(field) ?? throw new InvalidRecordException($"missing field '{field}'");
        return string.IsNullOrWhiteSpace(value) ? throw new InvalidRecordException($"field '{field}' is empty") : value;
    }

    private static string First(IRecord record, params string[] fields)
    {
        foreach (var field in fields)
            if (record.Text(field) is { } value)
                return string.IsNullOrWhiteSpace(value) ? throw new InvalidRecordException($"field '{field}' is empty") : value;
        throw new InvalidRecordException($"missing field '{string.Join("' or '", fields)}'");
    }
}

internal sealed class JsonRecord(JsonElement root) : IRecord
{
    public string? Text(string field)
    {
        var element = Find(field);
        return element?.ValueKind switch
        {
            null or JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => element.Value.GetString(),
            JsonValueKind.Number => element.Value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            var kind => throw new InvalidRecordException($"field '{field}' is a JSON {kind.ToString()!.ToLowerInvariant()}, expected text or a number"),
        };
    }

    public IReadOnlyList<string>? List(string field, char separator)
    {
        // "a.b.c" where b is an array of objects reads c from each entry ("question.choices.label").
        var lastDot = field.LastIndexOf('.');
        if (Find(field) is null && lastDot > 0 && Find(field[..lastDot]) is { ValueKind: JsonValueKind.Array } parent)
        {
            var values = new List<string>();
            foreach (var entry in parent.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || Property(entry, field[(lastDot + 1)..]) is not { ValueKind: JsonValueKind.String } value)
                    return null;
                values.Add(value.GetString()!);
            }
            return values;
        }

        var element = Find(field);
        if (element is null || element.Value.ValueKind == JsonValueKind.Null) return null;
        if (element.Value.ValueKind == JsonValueKind.String && separator != '\0')
            return element.Value.GetString()!.Split(separator, StringSplitOptions.TrimEntries).ToList();
        if (element.Value.ValueKind != JsonValueKind.Array)
            throw new InvalidRecordException($"field '{field}' should be a JSON array");
        var result = new List<string>();
        foreach (var entry in element.Value.EnumerateArray())
        {
            var text = entry.ValueKind switch
            {
                JsonValueKind.String => entry.GetString(),
                JsonValueKind.Number => entry.GetRawText(),
                JsonValueKind.Object => Property(entry, "text") is { ValueKind: JsonValueKind.String } t ? t.GetString() : null,
                _ => null,
            };
            if (string.IsNullOrWhiteSpace(text))
                throw new InvalidRecordException($"entry {result.Count + 1} of '{field}' is not a non-empty string (or an object with \"text\")");
            result.Add(text);
        }
        return result;
    }

    private JsonElement? Find(string path)
    {
        JsonElement? current = root;
        foreach (var part in path.Split('.'))
        {
            if (current is not { ValueKind: JsonValueKind.Object } obj) return null;
            current = Property(obj, part);
        }
        return current;
    }

    private static JsonElement? Property(JsonElement obj, string name)
    {
        if (obj.TryGetProperty(name, out var exact)) return exact;
        foreach (var property in obj.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        return null;
    }
}

internal sealed class CsvRecord(IReadOnlyList<string> header, IReadOnlyList<string> fields) : IRecord
{
    public string? Text(string field)
    {
        for (var i = 0; i < header.Count; i++)
            if (string.Equals(header[i], field, StringComparison.OrdinalIgnoreCase)) return fields[i];
        return null;
    }

    public IReadOnlyList<string>? List(string field, char separator) =>
        Text(field)?.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
}
