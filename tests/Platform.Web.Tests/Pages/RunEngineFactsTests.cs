using Bunit;
using Platform.Data.Entities;
using Platform.Web.Components.Shared;

namespace Platform.Web.Tests.Pages;

public sealed class RunEngineFactsTests : BunitContext
{
    private string[] Facts(Run run) =>
        Render<RunEngineFacts>(p => p.Add(c => c.Run, run)).FindAll("dd").Select(d => d.TextContent.Trim()).ToArray();

    [Fact]
    public void A_started_run_shows_its_engine_and_native_build()
    {
        var run = new Run { ConfigHash = "x", Engine = "native", EngineBuild = "node-llama-cpp 3.22.1 (llama.cpp v0.5.0), cpu, libggml-cpu-zen4.so" };
        Assert.Equal(["native", "node-llama-cpp 3.22.1 (llama.cpp v0.5.0), cpu, libggml-cpu-zen4.so"], Facts(run));
    }

    [Fact]
    public void A_run_not_started_says_so()
    {
        Assert.Equal(["not known yet", "not known yet"], Facts(new Run { ConfigHash = "x" }));
    }
}
