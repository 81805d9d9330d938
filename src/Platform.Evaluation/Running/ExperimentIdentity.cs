using System.Globalization;
using System.Text.Json;
using Platform.Evaluation.Datasets;

namespace Platform.Evaluation.Running;

/// <summary>
/// The one identity of an experiment: equal identities, same experiment, whether it ran on the command line (the run
/// log's header) or was submitted (the run's row). It covers everything that decides what the model is asked and how:
/// the model file's SHA-256; the suite's name, version, content hash and size; the style's name, version, parameters
/// (a vote's sample count, temperature and tie rule among them) and answer formats; the sampling settings with the
/// seed; the item limit (a limit that takes every item counts as none); and the chat template's arguments. Scoring
/// versions are not part of it: a rescoring does not make another experiment.
/// </summary>
public static class ExperimentIdentity
{
    private const string Format = "thoughtboard-experiment/1";

    public static string Of(string modelSha256, RunHeader run, int? limit, IReadOnlyDictionary<string, JsonElement>? templateArgs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelSha256);
        ArgumentNullException.ThrowIfNull(run);
        int? effectiveLimit = limit is int n && n < run.SuiteItems ? n : null;
        string[] parts =
        [
            Format,
            modelSha256.Trim().ToLowerInvariant(),
            run.ToJson(),
            effectiveLimit?.ToString(CultureInfo.InvariantCulture) ?? "all",
            Canonical(templateArgs),
        ];
        return Hashing.Sha256Hex(string.Join('\n', parts));
    }

    /// <summary>The arguments as one compact JSON object with its names in ordinal order.</summary>
    private static string Canonical(IReadOnlyDictionary<string, JsonElement>? arguments)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in (arguments ?? new Dictionary<string, JsonElement>()).OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
