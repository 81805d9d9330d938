using System.Text.Json;
using Platform.Cli.Bench;
using Platform.Gguf;

namespace Platform.Cli.Tests.Bench;

public class EngineBenchReportTests
{
    private static EngineBenchReport Report(double forkCostRatio = 1.05, double peakRssMb = 700) => new(
        [
            new ThroughputSamples(1, [90, 80, 100], [95, 100, 85], [300, 310, 290], [320, 300, 310], [0.00012, 0.00010, 0.00011]),
            new ThroughputSamples(32, [200, 250, 240], [240, 260, 250], [280, 270, 275], [290, 300, 295], [0.0004, 0.0005, 0.0006]),
        ],
        forkCostRatio, peakRssMb, ModelMb: 289.4, KvMb: 512, Machine: "AMD EPYC, 2 cores");

    [Fact]
    public void Json_has_exactly_the_documented_fields_with_medians_per_parallelism()
    {
        using var document = JsonDocument.Parse(Report().ToJson());
        var root = document.RootElement;

        Assert.Equal(["rows", "fork_cost_ratio", "peak_rss_mb", "model_mb", "kv_mb", "machine"], root.EnumerateObject().Select(p => p.Name));
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["engine", "parallel", "ours_gen_tps", "llamacpp_gen_tps", "ours_prompt_tps", "llamacpp_prompt_tps", "ours_outside_decode_us"], rows[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("native", rows[0].GetProperty("engine").GetString());
        Assert.Equal(1, rows[0].GetProperty("parallel").GetInt32());
        Assert.Equal(90, rows[0].GetProperty("ours_gen_tps").GetDouble());
        Assert.Equal(95, rows[0].GetProperty("llamacpp_gen_tps").GetDouble());
        Assert.Equal(300, rows[0].GetProperty("ours_prompt_tps").GetDouble());
        Assert.Equal(310, rows[0].GetProperty("llamacpp_prompt_tps").GetDouble());
        Assert.Equal(110, rows[0].GetProperty("ours_outside_decode_us").GetDouble());
        Assert.Equal(32, rows[1].GetProperty("parallel").GetInt32());
        Assert.Equal(1.05, root.GetProperty("fork_cost_ratio").GetDouble());
        Assert.Equal(700, root.GetProperty("peak_rss_mb").GetDouble());
        Assert.Equal(289.4, root.GetProperty("model_mb").GetDouble());
        Assert.Equal(512, root.GetProperty("kv_mb").GetDouble());
        Assert.Equal("AMD EPYC, 2 cores", root.GetProperty("machine").GetString());
    }

    [Fact]
    public void Table_shows_met_targets_and_the_ratio_of_medians()
    {
        var table = Report().ToTable();

        // Parallel 1: medians 90 vs 95 -> 0.947, just under the 0.95 target.
        Assert.Contains("| 1 | 90.0 | 95.0 | 0.947 | MISSED | 300.0 | 310.0 | 0.968 | 110 us |", table);
        // Parallel 32: medians 240 vs 250 -> 0.960.
        Assert.Contains("| 32 | 240.0 | 250.0 | 0.960 | met |", table);
        Assert.Contains("1.050x (target <= 1.2x) met", table);
        Assert.Contains("700.0 MB (target <= model 289.4 + KV 512.0 + 150 = 951.4 MB) met", table);
    }

    [Fact]
    public void Table_says_MISSED_for_a_slow_fork_and_too_much_memory()
    {
        var table = Report(forkCostRatio: 1.5, peakRssMb: 1000).ToTable();

        Assert.Contains("1.500x (target <= 1.2x) MISSED", table);
        Assert.Contains("1000.0 MB (target <= model 289.4 + KV 512.0 + 150 = 951.4 MB) MISSED", table);
    }

    [Fact]
    public void Llamasharp_rows_carry_their_engine_the_bare_loop_and_the_scheduler_overhead()
    {
        var report = Report() with
        {
            LlamaSharpRows = [new LlamaSharpSamples(8, [150, 160, 155], [158, 160, 159], [170, 168, 172], [250, 260, 255], [300, 310, 305],
                [0.00030, 0.00026, 0.00028], [0.00010, 0.00012, 0.00011], [0.050, 0.049, 0.051])],
            LlamaSharpBuild = "LLamaSharp 0.30.0 (llama.cpp c0c7e147), runtimes/linux-x64/native/avx512",
        };
        using var document = JsonDocument.Parse(report.ToJson());
        var row = document.RootElement.GetProperty("rows").EnumerateArray().Last();

        Assert.Equal("llamasharp", row.GetProperty("engine").GetString());
        Assert.Equal(155, row.GetProperty("ours_gen_tps").GetDouble());
        Assert.Equal(159, row.GetProperty("bare_llamasharp_gen_tps").GetDouble());
        // Bare 159 over ours 155: the scheduler costs 2.6%, within the 3% target.
        Assert.Equal(0.026, row.GetProperty("scheduler_overhead").GetDouble());
        Assert.Equal(report.LlamaSharpBuild, document.RootElement.GetProperty("llamasharp_build").GetString());
        // Outside decode, ours 280 us and the bare loop 110 us per step: 170 us of a 50 ms step is 0.34%.
        Assert.Equal(280, row.GetProperty("ours_outside_decode_us").GetDouble());
        Assert.Equal(110, row.GetProperty("bare_outside_decode_us").GetDouble());
        Assert.Equal(0.0034, row.GetProperty("scheduler_time_share").GetDouble());
        Assert.Contains("| 8 | 155.0 | 159.0 | 2.6% | met | 280 / 110 us | 0.34% | 0.912 | 0.935 | 0.836 |", report.ToTable());
    }

    [Fact]
    public void Kv_cache_bytes_follow_layers_heads_and_context()
    {
        // The bench model: 16 layers, 16 KV heads of 64, F16 cache, 32 sequences of 256 cells.
        var shape = new KvShape(LayerCount: 16, HeadCountKv: 16, KeyLength: 64, ValueLength: 64);

        Assert.Equal(16L * 16 * 128 * 2, shape.BytesPerCell());
        Assert.Equal(512L * 1024 * 1024, shape.Bytes(8192));
    }
}
