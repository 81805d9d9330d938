using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Web.Api;
using Platform.Web.Leaderboard;

namespace Platform.Web.Export;

/// <summary>
/// Downloads of a run's item results: <c>/runs/{id}/items.jsonl</c> (one JSON object per line, transcript
/// included) and <c>/runs/{id}/items.csv</c> (one row per result, RFC 4180 quoting, formulas neutralised, no transcript).
/// Rows are streamed from the database, so a large run never sits in memory.
/// </summary>
public static class RunItemsExport
{
    private static readonly string[] CsvColumns =
    [
        "run_id", "item_key", "position", "level", "sample", "prompt", "target", "choices", "raw_output",
        "extracted_strict", "extracted_flexible", "verdict_strict", "verdict_flexible", "extraction_method",
        "truncated", "error", "tokens_in", "tokens_out", "latency_ms", "scorer_version",
    ];

    public static IEndpointRouteBuilder MapRunItemExports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/runs/{runId:long}/items.jsonl", JsonLinesAsync).WithName("RunItemsJsonLines");
        endpoints.MapGet("/runs/{runId:long}/items.csv", CsvAsync).WithName("RunItemsCsv");
        return endpoints;
    }

    private static async Task<Results<EmptyHttpResult, NotFound<string>, ContentHttpResult>> JsonLinesAsync(
        long runId, RunDetailsQuery query, HttpContext context, CancellationToken cancellationToken)
    {
        if (await query.FindAsync(runId, Requester.From(context.User), cancellationToken) is not { } details)
        {
            return TypedResults.NotFound($"There is no run {runId}.");
        }
        if (PrivateRefusal(details, context) is { } refusal)
        {
            return refusal;
        }
        StartDownload(context, $"run-{runId}-items.jsonl", "application/x-ndjson; charset=utf-8");
        var body = context.Response.BodyWriter.AsStream();
        await foreach (var row in query.AllItemsAsync(runId, cancellationToken))
        {
            await using (var json = new Utf8JsonWriter(body))
            {
                WriteJson(json, runId, row);
            }
            await body.WriteAsync("\n"u8.ToArray(), cancellationToken);
        }
        return TypedResults.Empty;
    }

    private static async Task<Results<EmptyHttpResult, NotFound<string>, ContentHttpResult>> CsvAsync(
        long runId, RunDetailsQuery query, HttpContext context, CancellationToken cancellationToken)
    {
        if (await query.FindAsync(runId, Requester.From(context.User), cancellationToken) is not { } details)
        {
            return TypedResults.NotFound($"There is no run {runId}.");
        }
        if (PrivateRefusal(details, context) is { } refusal)
        {
            return refusal;
        }
        StartDownload(context, $"run-{runId}-items.csv", "text/csv; charset=utf-8");
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), bufferSize: 16 * 1024);
        await writer.WriteAsync(string.Join(',', CsvColumns) + "\r\n");
        await foreach (var row in query.AllItemsAsync(runId, cancellationToken))
        {
            await writer.WriteAsync(CsvLine(runId, row));
        }
        return TypedResults.Empty;
    }

    /// <summary>A 403 for anyone but an administrator when the run's suite is private.</summary>
    private static ContentHttpResult? PrivateRefusal(RunDetails details, HttpContext context) =>
        Requester.From(context.User).MaySeeItemsOf(details.Run.Suite)
            ? null
            : TypedResults.Text(
                $"Run {details.Run.Id} is on the private suite {details.Run.Suite.Name}: its items are shown to administrators only.",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);

    private static void StartDownload(HttpContext context, string fileName, string contentType)
    {
        context.Response.ContentType = contentType;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
    }

    private static void WriteJson(Utf8JsonWriter json, long runId, ItemRow row)
    {
        json.WriteStartObject();
        json.WriteNumber("runId", runId);
        json.WriteString("itemKey", row.ItemKey);
        json.WriteNumber("position", row.Position);
        json.WriteNumber("level", row.Level);
        json.WriteNumber("sample", row.SampleIndex);
        json.WriteString("prompt", row.Prompt);
        json.WriteString("target", row.Target);
        json.WriteStartArray("choices");
        foreach (var choice in row.Choices)
        {
            json.WriteStringValue(choice);
        }
        json.WriteEndArray();
        json.WriteString("rawOutput", row.RawOutput);
        json.WriteString("extractedStrict", row.ExtractedStrict);
        json.WriteString("extractedFlexible", row.ExtractedFlexible);
        json.WriteString("verdictStrict", row.VerdictStrict.ToString());
        json.WriteString("verdictFlexible", row.VerdictFlexible.ToString());
        json.WriteString("extractionMethod", row.ExtractionMethod);
        json.WriteBoolean("truncated", row.Truncated);
        json.WriteString("error", row.Error);
        json.WriteNumber("tokensIn", row.TokensIn);
        json.WriteNumber("tokensOut", row.TokensOut);
        json.WriteNumber("latencyMs", row.LatencyMs);
        json.WriteString("scorerVersion", row.ScorerVersion);
        json.WritePropertyName("transcript");
        // The transcript is stored as jsonb, so it is valid JSON and goes out as a value, not as a string.
        json.WriteRawValue(row.TranscriptJson, skipInputValidation: false);
        json.WriteEndObject();
    }

    internal static string CsvLine(long runId, ItemRow row)
    {
        var fields = new[]
        {
            runId.ToString(CultureInfo.InvariantCulture), row.ItemKey, Number(row.Position), Number(row.Level),
            Number(row.SampleIndex), row.Prompt, row.Target, string.Join(" | ", row.Choices), row.RawOutput,
            row.ExtractedStrict ?? "", row.ExtractedFlexible ?? "", row.VerdictStrict.ToString(), row.VerdictFlexible.ToString(),
            row.ExtractionMethod ?? "", row.Truncated ? "true" : "false", row.Error ?? "", Number(row.TokensIn),
            Number(row.TokensOut), row.LatencyMs.ToString("0.###", CultureInfo.InvariantCulture), row.ScorerVersion,
        };
        return string.Join(',', fields.Select(Quote)) + "\r\n";
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// RFC 4180 quoting, after OWASP's defence against CSV injection: a field a spreadsheet would read as a formula
    /// (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, so model output stays text.
    /// </summary>
    internal static string Quote(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            field = "'" + field;
        }
        return field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
    }
}
