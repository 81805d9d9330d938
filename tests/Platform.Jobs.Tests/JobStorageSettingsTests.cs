using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Platform.Evaluation.Metrics;
using Platform.Evaluation.Styles;
using Platform.Jobs.Runs;

namespace Platform.Jobs.Tests;

public sealed class JobStorageSettingsTests
{
    [Fact]
    public void Storage_settings_out_of_range_are_refused_before_anything_connects_and_each_is_named()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Never connected to: the settings are refused first.
            ["ConnectionStrings:Thoughtboard"] = "Host=127.0.0.1;Port=1;Database=unused;Username=unused;Password=unused",
            ["Hangfire:SchemaName"] = "1st",
            ["Hangfire:QueuePollInterval"] = "00:00:00",
            ["Hangfire:RetryAttempts"] = "-1",
        });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddThoughtboardJobStorage());

        Assert.Contains("Hangfire:SchemaName must be a plain PostgreSQL name (letters, digits, _; not starting with a digit) (it is 1st)", error.Message);
        Assert.Contains("Hangfire:QueuePollInterval must be a positive time span (it is 00:00:00)", error.Message);
        Assert.Contains("Hangfire:RetryAttempts must be 0 or more (it is -1)", error.Message);
    }

    [Fact]
    public void A_run_style_is_built_from_its_name_in_any_case_and_refuses_fewer_than_one_sample()
    {
        var voted = Assert.IsType<SelfConsistencyParameters>(RunStyles.Resolve(" CoT ", 5, 0.7f, VoteTieRule.None).Parameters);
        Assert.Equal(5, voted.Samples);
        Assert.Equal(VoteTieRule.None, voted.TieRule);

        Assert.Equal("samples", Assert.Throws<ArgumentException>(() => RunStyles.Resolve("cot", 0, 0)).ParamName);
        Assert.Throws<ArgumentException>(() => RunStyles.Resolve("no-such-style", 1, 0));
    }
}
