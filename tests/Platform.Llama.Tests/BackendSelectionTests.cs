namespace Platform.Llama.Tests;

/// <summary>Folder discovery and build choice, on fake library folders (nothing here is loaded).</summary>
public sealed class BackendSelectionTests
{
    private static string MakeBuild(string folder, bool cuda)
    {
        Directory.CreateDirectory(folder);
        string flavour = cuda ? "cuda." : "";
        foreach (string file in new[] { $"libllama.{flavour}v0.5.0.so", $"libggml.{flavour}v0.5.0.so", "libggml-base.so", "libggml-cpu-x64.so" })
            File.WriteAllBytes(Path.Combine(folder, file), []);
        if (cuda)
            File.WriteAllBytes(Path.Combine(folder, "libggml-cuda.so"), []);
        return folder;
    }

    [Theory]
    [InlineData(null, LlamaBackendKind.Auto)]
    [InlineData("", LlamaBackendKind.Auto)]
    [InlineData("auto", LlamaBackendKind.Auto)]
    [InlineData("cpu", LlamaBackendKind.Cpu)]
    [InlineData(" CUDA ", LlamaBackendKind.Cuda)]
    public void Backend_variable_is_parsed(string? value, LlamaBackendKind expected) =>
        Assert.Equal(expected, LlamaBackend.ParseBackend(value));

    [Fact]
    public void Unknown_backend_variable_is_rejected_with_the_allowed_values()
    {
        var error = Assert.Throws<LlamaException>(() => LlamaBackend.ParseBackend("vulkan"));
        Assert.Contains("THOUGHTBOARD_BACKEND", error.Message);
        Assert.Contains("cpu, cuda or auto", error.Message);
    }

    [Fact]
    public void Auto_prefers_cuda_when_the_driver_loads_and_falls_back_to_cpu_otherwise()
    {
        string root = TestModels.NewTemporaryDirectory();
        MakeBuild(Path.Combine(root, "cuda"), cuda: true);
        MakeBuild(Path.Combine(root, "cpu"), cuda: false);

        var withDriver = LlamaBackend.ChooseDirectory(root, LlamaBackendKind.Auto, () => true);
        Assert.Equal((Path.Combine(root, "cuda"), LlamaBackendKind.Cuda), (withDriver.Directory, withDriver.Backend));

        var withoutDriver = LlamaBackend.ChooseDirectory(root, LlamaBackendKind.Auto, () => false);
        Assert.Equal((Path.Combine(root, "cpu"), LlamaBackendKind.Cpu), (withoutDriver.Directory, withoutDriver.Backend));
        Assert.Contains("libcuda.so.1", withoutDriver.Reason);

        var forcedCpu = LlamaBackend.ChooseDirectory(root, LlamaBackendKind.Cpu, () => true);
        Assert.Equal(LlamaBackendKind.Cpu, forcedCpu.Backend);
    }

    [Fact]
    public void Requesting_cuda_without_the_cuda_build_says_how_to_fetch_it()
    {
        string root = TestModels.NewTemporaryDirectory();
        MakeBuild(Path.Combine(root, "cpu"), cuda: false);
        var error = Assert.Throws<LlamaException>(() => LlamaBackend.ChooseDirectory(root, LlamaBackendKind.Cuda, () => true));
        Assert.Contains("scripts/fetch-native.sh cuda", error.Message);

        var auto = LlamaBackend.ChooseDirectory(root, LlamaBackendKind.Auto, () => true);
        Assert.Equal(LlamaBackendKind.Cpu, auto.Backend);
    }

    [Fact]
    public void Empty_native_folder_tells_the_user_to_fetch_the_libraries()
    {
        string root = TestModels.NewTemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(root, "cpu"));
        File.WriteAllBytes(Path.Combine(root, "cpu", "libllama.v0.5.0.so"), []); // incomplete: no libggml
        var error = Assert.Throws<LlamaException>(() => LlamaBackend.ChooseDirectory(root, LlamaBackendKind.Auto, () => false));
        Assert.Contains("scripts/fetch-native.sh cpu", error.Message);
        Assert.Contains("./thoughtboard up", error.Message);
    }

    [Fact]
    public void Folder_holding_libraries_directly_is_used_as_is()
    {
        string folder = MakeBuild(TestModels.NewTemporaryDirectory(), cuda: false);
        var choice = LlamaBackend.ChooseDirectory(folder, LlamaBackendKind.Auto, () => true);
        Assert.Equal((folder, LlamaBackendKind.Cpu), (choice.Directory, choice.Backend));
        Assert.Throws<LlamaException>(() => LlamaBackend.ChooseDirectory(folder, LlamaBackendKind.Cuda, () => true));
    }

    [Fact]
    public void Native_root_comes_from_the_option_then_the_environment_then_walking_up()
    {
        string top = TestModels.NewTemporaryDirectory();
        string native = Directory.CreateDirectory(Path.Combine(top, ".native")).FullName;
        string deep = Directory.CreateDirectory(Path.Combine(top, "src", "app", "bin", "Debug")).FullName;
        string other = TestModels.NewTemporaryDirectory();

        Assert.Equal(native, LlamaBackend.FindNativeRoot(null, null, deep));
        Assert.Equal(other, LlamaBackend.FindNativeRoot(null, other, deep));
        Assert.Equal(native, LlamaBackend.FindNativeRoot(native, other, "/"));

        var missingOption = Assert.Throws<LlamaException>(() => LlamaBackend.FindNativeRoot(Path.Combine(top, "nope"), null, deep));
        Assert.Contains("scripts/fetch-native.sh cpu", missingOption.Message);
        var badEnvironment = Assert.Throws<LlamaException>(() => LlamaBackend.FindNativeRoot(null, Path.Combine(top, "nope"), deep));
        Assert.Contains("THOUGHTBOARD_NATIVE_DIR", badEnvironment.Message);
        var nothingAbove = Assert.Throws<LlamaException>(() => LlamaBackend.FindNativeRoot(null, null, other));
        Assert.Contains("scripts/fetch-native.sh cpu", nothingAbove.Message);
    }

    [Fact]
    public void Native_log_lines_reach_subscribers()
    {
        var lines = new List<(LlamaLogLevel Level, string Text)>();
        void Collect(LlamaLogLevel level, string text)
        {
            lock (lines) lines.Add((level, text));
        }
        LlamaBackend.Log += Collect;
        try
        {
            using var model = LlamaModel.Load(TestModels.Tiny);
        }
        finally
        {
            LlamaBackend.Log -= Collect;
        }
        lock (lines)
        {
            Assert.Contains(lines, line => line.Text.Contains("llama_model_loader", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, line => line.Text.Contains('\n'));
        }
    }
}
