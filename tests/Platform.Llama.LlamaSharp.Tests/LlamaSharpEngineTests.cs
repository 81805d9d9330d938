using Platform.Llama.Engine;

namespace Platform.Llama.Tests;

/// <summary>What only the llamasharp engine has: LLamaSharp's own build, chosen by LLamaSharp, and one engine per process.</summary>
public sealed class LlamaSharpEngineTests
{
    [Fact]
    public void The_build_names_llamasharp_and_the_variant_it_loaded()
    {
        using var model = LlamaModel.Load(TestModels.Tiny);
        var build = LlamaEngines.Current.Build!;
        Assert.Equal("llamasharp", build.Engine);
        Assert.StartsWith("LLamaSharp 0.30.0 (llama.cpp c0c7e147), runtimes", build.Build);
        Assert.Null(LlamaBackend.Info); // the npm libraries were never loaded into this process
    }

    [Fact]
    public void The_native_engine_is_refused_in_a_llamasharp_process()
    {
        _ = TestModels.Engine;
        var error = Assert.Throws<LlamaException>(() => LlamaEngines.Use(LlamaEngineKind.Native));
        Assert.Contains("already runs the llamasharp engine", error.Message);
    }
}
