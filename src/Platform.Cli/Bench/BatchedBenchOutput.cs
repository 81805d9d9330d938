using System.Globalization;
using System.Text.Json;

namespace Platform.Cli.Bench;

/// <summary>One row of <c>llama-batched-bench</c>: <see cref="Parallel"/> sequences of prompt and generated tokens.</summary>
public sealed record BatchedBenchRow(int PromptTokens, int GeneratedTokens, int Parallel, double PromptSeconds, double PromptTokensPerSecond, double GenerationSeconds, double GenerationTokensPerSecond);

/// <summary>
/// Reads the rows that <c>llama-batched-bench --output-format jsonl</c> prints, one JSON object a line. Log lines
/// around them are skipped; a line that looks like a row but lacks a field is an error, never a silent zero.
/// </summary>
public static class BatchedBenchOutput
{
    public static IReadOnlyList<BatchedBenchRow> Parse(string output)
    {
        var rows = new List<BatchedBenchRow>();
        var lineNumber = 0;
        foreach (var rawLine in output.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (!line.StartsWith('{') || !line.Contains("\"speed_tg\"", StringComparison.Ordinal))
            {
                continue;
            }
            try
            {
                using var document = JsonDocument.Parse(line);
                var row = document.RootElement;
                rows.Add(new BatchedBenchRow(
                    Int(row, "pp"), Int(row, "tg"), Int(row, "pl"),
                    Number(row, "t_pp"), Number(row, "speed_pp"), Number(row, "t_tg"), Number(row, "speed_tg")));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException)
            {
                throw new FormatException($"llama-batched-bench output line {lineNumber} is not a result row ({ex.Message}): {line}", ex);
            }
        }
        if (rows.Count == 0)
        {
            throw new FormatException("llama-batched-bench printed no result rows; was it run with --output-format jsonl and a context large enough for the requested sizes?");
        }
        return rows;
    }

    private static int Int(JsonElement row, string name) => Field(row, name).GetInt32();

    private static double Number(JsonElement row, string name)
    {
        var value = Field(row, name).GetDouble();
        return double.IsFinite(value) && value >= 0
            ? value
            : throw new FormatException($"field '{name}' is {value.ToString(CultureInfo.InvariantCulture)}, not a finite non-negative number");
    }

    private static JsonElement Field(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value
            : throw new KeyNotFoundException($"field '{name}' is missing or not a number");
}
