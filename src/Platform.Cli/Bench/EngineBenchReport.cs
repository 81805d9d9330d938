using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Platform.Cli.Bench;

/// <summary>Every round's tokens/s at one parallelism, for our engine and for llama.cpp.</summary>
public sealed record ThroughputSamples(
    int Parallel,
    IReadOnlyList<double> OursGeneration,
    IReadOnlyList<double> ReferenceGeneration,
    IReadOnlyList<double> OursPrompt,
    IReadOnlyList<double> ReferencePrompt)
{
    public double OursGenerationMedian => BenchStatistics.Median(OursGeneration);
    public double ReferenceGenerationMedian => BenchStatistics.Median(ReferenceGeneration);
    public double OursPromptMedian => BenchStatistics.Median(OursPrompt);
    public double ReferencePromptMedian => BenchStatistics.Median(ReferencePrompt);
    public double GenerationRatio => BenchStatistics.RatioOfMedians(OursGeneration, ReferenceGeneration);
    public double PromptRatio => BenchStatistics.RatioOfMedians(OursPrompt, ReferencePrompt);
}

/// <summary>Everything one <c>bench engine</c> run measured; nothing in it is estimated.</summary>
public sealed record EngineBenchReport(
    IReadOnlyList<ThroughputSamples> Rows,
    double ForkCostRatio,
    double PeakRssMb,
    double ModelMb,
    double KvMb,
    string Machine)
{
    public const double GenerationTarget = 0.95;
    public const double ForkCostTarget = 1.2;
    public const double RssAllowanceMb = 150;

    public double RssLimitMb => ModelMb + KvMb + RssAllowanceMb;

    /// <summary>
    /// The JSON the issue asks for, exactly: medians per parallelism, the fork ratio, memory and the machine.
    /// Numbers are rounded to what the noise allows (two decimals; three for ratios).
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("rows");
            foreach (var row in Rows)
            {
                json.WriteStartObject();
                json.WriteNumber("parallel", row.Parallel);
                json.WriteNumber("ours_gen_tps", Math.Round(row.OursGenerationMedian, 2));
                json.WriteNumber("llamacpp_gen_tps", Math.Round(row.ReferenceGenerationMedian, 2));
                json.WriteNumber("ours_prompt_tps", Math.Round(row.OursPromptMedian, 2));
                json.WriteNumber("llamacpp_prompt_tps", Math.Round(row.ReferencePromptMedian, 2));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("fork_cost_ratio", Math.Round(ForkCostRatio, 3));
            json.WriteNumber("peak_rss_mb", Math.Round(PeakRssMb, 1));
            json.WriteNumber("model_mb", Math.Round(ModelMb, 1));
            json.WriteNumber("kv_mb", Math.Round(KvMb, 1));
            json.WriteString("machine", Machine);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The human-readable table: medians, ratios, and each target next to what was measured.</summary>
    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Machine: {Machine}"));
        text.AppendLine();
        text.AppendLine("| parallel | ours gen t/s | llama.cpp gen t/s | gen ratio | target >= 0.95 | ours prompt t/s | llama.cpp prompt t/s | prompt ratio |");
        text.AppendLine("|---:|---:|---:|---:|:---|---:|---:|---:|");
        foreach (var row in Rows)
        {
            text.AppendLine(Invariant(
                $"| {row.Parallel} | {row.OursGenerationMedian:F1} | {row.ReferenceGenerationMedian:F1} | {row.GenerationRatio:F3} | {Verdict(row.GenerationRatio >= GenerationTarget)} | {row.OursPromptMedian:F1} | {row.ReferencePromptMedian:F1} | {row.PromptRatio:F3} |"));
        }
        text.AppendLine();
        text.AppendLine(Invariant($"Fork to 8 sequences, cost vs one prompt evaluation: {ForkCostRatio:F3}x (target <= {ForkCostTarget:F1}x) {Verdict(ForkCostRatio <= ForkCostTarget)}"));
        text.AppendLine(Invariant($"Peak RSS of the engine process: {PeakRssMb:F1} MB (target <= model {ModelMb:F1} + KV {KvMb:F1} + {RssAllowanceMb:F0} = {RssLimitMb:F1} MB) {Verdict(PeakRssMb <= RssLimitMb)}"));
        return text.ToString();
    }

    /// <summary>Each round's values, so the spread behind every median can be checked.</summary>
    public string ToRoundsListing()
    {
        var text = new StringBuilder();
        foreach (var row in Rows)
        {
            text.AppendLine(Invariant($"parallel {row.Parallel}: gen ours [{List(row.OursGeneration)}] llama.cpp [{List(row.ReferenceGeneration)}]; prompt ours [{List(row.OursPrompt)}] llama.cpp [{List(row.ReferencePrompt)}]"));
        }
        return text.ToString();
    }

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static string List(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
