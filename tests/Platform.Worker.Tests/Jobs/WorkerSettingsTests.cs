using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Platform.Jobs;

namespace Platform.Worker.Tests.Jobs;

public sealed class WorkerSettingsTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(new WorkerOptions().Problems().Concat(new JobStorageOptions().Problems()));

    [Fact]
    public void A_worker_with_settings_out_of_range_does_not_start_and_names_every_one()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Never connected to: the settings are refused before anything runs.
            ["ConnectionStrings:Thoughtboard"] = "Host=127.0.0.1;Port=1;Database=unused;Username=unused;Password=unused",
            ["Worker:Sequences"] = "0",
            ["Worker:HeartbeatInterval"] = "00:00:00",
            ["Worker:ItemErrorThreshold"] = "1.5",
            ["Hangfire:SchemaName"] = "drop table",
        });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddThoughtboardWorker());

        Assert.Contains("Worker:Sequences must be from 1 to 256 (llama.cpp's limit) (it is 0)", error.Message);
        Assert.Contains("Worker:HeartbeatInterval must be a positive time span", error.Message);
        Assert.Contains("Worker:ItemErrorThreshold must be a fraction from 0 to 1 (it is 1.5)", error.Message);
        Assert.Contains("Hangfire:SchemaName must be a plain PostgreSQL name", error.Message);
    }

    [Fact]
    public void A_batch_smaller_than_the_sequences_is_refused_with_both_numbers()
    {
        var problems = new WorkerOptions { Sequences = 32, BatchSize = 16 }.Problems();

        Assert.Equal(["Worker:BatchSize must be at least Worker:Sequences (32) so every sequence advances each step (it is 16)"], problems);
    }
}
