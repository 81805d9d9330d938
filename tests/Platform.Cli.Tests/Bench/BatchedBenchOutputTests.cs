using Platform.Cli.Bench;

namespace Platform.Cli.Tests.Bench;

public class BatchedBenchOutputTests
{
    // Captured from llama-batched-bench (llama.cpp v0.5.0 bundle) with --output-format jsonl, a log line in between.
    private const string RealOutput = """
        {"n_kv_max": 8192, "n_batch": 2048, "n_ubatch": 512, "flash_attn": -1, "is_pp_shared": 0, "n_gpu_layers": -1, "n_threads": 2, "n_threads_batch": 2, "pp": 128, "tg": 128, "pl": 1, "n_kv": 256, "t_pp": 0.205105, "speed_pp": 624.070557, "t_tg": 1.010432, "speed_tg": 126.678490, "t": 1.215537, "speed": 210.606491}
        llama_perf_context_print:        load time =      18.52 ms
        {"n_kv_max": 8192, "n_batch": 2048, "n_ubatch": 512, "flash_attn": -1, "is_pp_shared": 0, "n_gpu_layers": -1, "n_threads": 2, "n_threads_batch": 2, "pp": 128, "tg": 128, "pl": 8, "n_kv": 2048, "t_pp": 1.489082, "speed_pp": 687.671997, "t_tg": 19.038416, "speed_tg": 53.785988, "t": 20.527498, "speed": 99.768608}

        """;

    [Fact]
    public void Reads_every_result_row_and_skips_log_lines()
    {
        var rows = BatchedBenchOutput.Parse(RealOutput);

        Assert.Equal(2, rows.Count);
        Assert.Equal(new BatchedBenchRow(128, 128, 1, 0.205105, 624.070557, 1.010432, 126.678490), rows[0]);
        Assert.Equal(8, rows[1].Parallel);
        Assert.Equal(687.671997, rows[1].PromptTokensPerSecond);
        Assert.Equal(53.785988, rows[1].GenerationTokensPerSecond);
    }

    [Fact]
    public void Output_without_rows_is_an_error_that_names_the_likely_cause()
    {
        var error = Assert.Throws<FormatException>(() => BatchedBenchOutput.Parse("main: n_kv_max = 256\n"));

        Assert.Contains("no result rows", error.Message);
    }

    [Fact]
    public void A_row_missing_a_speed_is_an_error_not_a_zero()
    {
        const string broken = """{"pp": 128, "tg": 128, "pl": 1, "t_pp": 0.2, "t_tg": 1.0, "speed_tg": 126.6}""";

        var error = Assert.Throws<FormatException>(() => BatchedBenchOutput.Parse(broken));

        Assert.Contains("speed_pp", error.Message);
    }

    [Fact]
    public void A_negative_or_infinite_speed_is_rejected()
    {
        const string broken = """{"pp": 128, "tg": 128, "pl": 1, "t_pp": 0.2, "speed_pp": -5, "t_tg": 1.0, "speed_tg": 126.6}""";

        Assert.Throws<FormatException>(() => BatchedBenchOutput.Parse(broken));
    }
}
