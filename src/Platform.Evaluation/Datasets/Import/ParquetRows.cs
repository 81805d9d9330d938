using System.Collections;
using System.Globalization;
using System.Text.Json;
using Parquet.Serialization;

namespace Platform.Evaluation.Datasets.Import;

/// <summary>
/// Parquet files (the form the Hugging Face hub serves datasets in), read row by row as JSON objects, so every
/// format reads a Parquet row exactly as it reads a JSON line: columns are fields, structs are nested objects, lists
/// are arrays.
/// </summary>
internal static class ParquetRows
{
    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    /// <summary>A Parquet file starts (and ends) with the bytes "PAR1"; no text format can.</summary>
    public static bool IsParquet(Stream seekable)
    {
        Span<byte> head = stackalloc byte[4];
        var start = seekable.Position;
        var read = seekable.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        seekable.Position = start;
        return read == 4 && head.SequenceEqual(Magic);
    }

    /// <summary>Every row as a JSON object, numbered from 1.</summary>
    /// <exception cref="InvalidDataException">The file is not a readable Parquet file.</exception>
    public static IReadOnlyList<JsonDocument> Read(Stream seekable)
    {
        IList<Dictionary<string, object>> rows;
        try
        {
            // Parquet reading is asynchronous; the importer is synchronous and its input is already in memory or a file.
            rows = ParquetSerializer.DeserializeUntypedAsync(seekable).GetAwaiter().GetResult().Data;
        }
        // A hostile file can make the reader fail in many ways (bad offsets, sizes, encodings); each is a refusal.
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw new InvalidDataException($"the file starts like Parquet but cannot be read as Parquet ({error.Message})", error);
        }
        return rows.Select(ToJson).ToList();
    }

    private static JsonDocument ToJson(Dictionary<string, object> row)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, row);
        }
        return JsonDocument.Parse(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case byte[] bytes:
                writer.WriteStringValue(System.Text.Encoding.UTF8.GetString(bytes));
                break;
            case sbyte or byte or short or ushort or int or uint or long or ulong or decimal:
                writer.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
            case float or double:
                var real = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(real)) writer.WriteNumberValue(real);
                else writer.WriteNullValue();
                break;
            case IDictionary<string, object?> fields:
                writer.WriteStartObject();
                foreach (var (name, field) in fields)
                {
                    writer.WritePropertyName(name);
                    Write(writer, field);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var entry in list) Write(writer, entry);
                writer.WriteEndArray();
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
