using Platform.Llama.Engine;
using Platform.Llama.Native;

namespace Platform.Llama.Tests;

/// <summary>What only the native engine has: the npm build's folder, its devices, and the build a run records.</summary>
public sealed class NativeEngineTests
{
    [Fact]
    public void Backend_reports_the_cpu_build_and_its_devices()
    {
        _ = TestModels.Engine;
        var info = LlamaBackend.Initialize();
        Assert.Contains(info.Devices, device => device.Type == LlamaDeviceType.Cpu);
        Assert.EndsWith(Path.Combine(".native", "cpu"), info.LibraryDirectory);
        Assert.False(string.IsNullOrWhiteSpace(info.Reason));
    }

    [Fact]
    public void The_build_names_the_package_and_the_cpu_variant_ggml_loaded()
    {
        using var model = LlamaModel.Load(TestModels.Tiny);
        var build = LlamaEngines.Current.Build!;
        Assert.Equal("native", build.Engine);
        Assert.StartsWith(NativeEngine.Package + ", cpu, libggml-cpu-", build.Build);
        Assert.EndsWith(".so", build.Build);
    }

    [Fact]
    public void The_process_keeps_its_engine()
    {
        Assert.Equal(LlamaEngineKind.Native, LlamaEngines.Use(LlamaEngineKind.Native).Kind);
        Assert.Equal(LlamaEngineKind.Native, LlamaEngines.Use(LlamaEngineKind.Auto).Kind);
        var error = Assert.Throws<LlamaException>(() => LlamaEngines.Use(LlamaEngineKind.LlamaSharp));
        Assert.Contains("needs a process of its own", error.Message);
    }

    [Theory]
    [InlineData("native", LlamaEngineKind.Native)]
    [InlineData(" LLamaSharp ", LlamaEngineKind.LlamaSharp)]
    [InlineData("auto", LlamaEngineKind.Auto)]
    [InlineData("", LlamaEngineKind.Auto)]
    [InlineData(null, LlamaEngineKind.Auto)]
    public void Engine_names_are_read(string? value, LlamaEngineKind expected) => Assert.Equal(expected, LlamaEngines.Parse(value));

    [Fact]
    public void An_unknown_engine_name_is_refused_with_the_choices()
    {
        var error = Assert.Throws<LlamaException>(() => LlamaEngines.Parse("onnx"));
        Assert.Contains("THOUGHTBOARD_ENGINE='onnx'", error.Message);
        Assert.Contains("native, llamasharp or auto", error.Message);
    }

    [Fact]
    public void Auto_is_native_on_linux_x64() =>
        Assert.Equal(
            OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64
                ? LlamaEngineKind.Native : LlamaEngineKind.LlamaSharp,
            LlamaEngines.Resolve(LlamaEngineKind.Auto));
}
