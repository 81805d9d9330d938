using Platform.Gguf;

namespace Platform.Llama.Tests;

public sealed class BadFileTests
{
    [Fact]
    public void Missing_file_is_reported_as_missing()
    {
        string path = Path.Combine(TestModels.NewTemporaryDirectory(), "absent.gguf");
        var error = Assert.Throws<GgufFormatException>(() => LlamaModel.Load(path));
        Assert.Contains("does not exist", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Directory_is_reported_as_a_directory()
    {
        string path = TestModels.NewTemporaryDirectory();
        var error = Assert.Throws<GgufFormatException>(() => LlamaModel.Load(path));
        Assert.Contains("is a directory", error.Message);
    }

    [Fact]
    public void File_that_is_not_gguf_is_reported_with_the_wrong_magic()
    {
        string path = Path.Combine(TestModels.NewTemporaryDirectory(), "model.gguf");
        File.WriteAllText(path, "{\"this\": \"is a JSON file, not a model at all\"}");
        var error = Assert.Throws<GgufFormatException>(() => LlamaModel.Load(path));
        Assert.Contains("GGUF magic", error.Message);
    }

    [Fact]
    public void Tiny_file_is_reported_as_too_short()
    {
        string path = Path.Combine(TestModels.NewTemporaryDirectory(), "model.gguf");
        File.WriteAllBytes(path, [0x47, 0x47, 0x55, 0x46]);
        var error = Assert.Throws<GgufFormatException>(() => LlamaModel.Load(path));
        Assert.Contains("too short", error.Message);
    }

    [Theory]
    [InlineData(100)]      // inside the metadata
    [InlineData(900_000)]  // inside the vocabulary arrays or tensor data
    [InlineData(-1000)]    // the last tensor's data is cut short
    public void Truncated_model_is_reported_as_truncated(int keptBytes)
    {
        byte[] whole = File.ReadAllBytes(TestModels.Tiny);
        int length = keptBytes > 0 ? keptBytes : whole.Length + keptBytes;
        string path = Path.Combine(TestModels.NewTemporaryDirectory(), "cut.gguf");
        File.WriteAllBytes(path, whole[..length]);
        var error = Assert.Throws<GgufFormatException>(() => LlamaModel.Load(path));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Corrupt_tensor_dimensions_are_reported_without_crashing()
    {
        byte[] whole = File.ReadAllBytes(TestModels.Tiny);
        var file = GgufFile.Read(TestModels.Tiny);
        // The first tensor info follows the metadata; find its name and overwrite its first dimension.
        byte[] name = System.Text.Encoding.UTF8.GetBytes(file.Tensors[0].Name);
        int at = whole.AsSpan().IndexOf(name) + name.Length + 4;
        BitConverter.GetBytes(ulong.MaxValue / 2).CopyTo(whole, at);
        string path = Path.Combine(TestModels.NewTemporaryDirectory(), "corrupt.gguf");
        File.WriteAllBytes(path, whole);
        var error = Assert.Throws<GgufFormatException>(() => LlamaModel.Load(path));
        Assert.Contains(file.Tensors[0].Name, error.Message);
    }

    [Fact]
    public void Valid_gguf_that_llama_cpp_rejects_gives_a_llama_exception_with_its_reason()
    {
        string path = Path.Combine(TestModels.NewTemporaryDirectory(), "unknown-arch.gguf");
        new GgufWriter()
            .Add("general.architecture", GgufValue.Of("no-such-architecture"))
            .AddTensor("t", [32], GgmlType.F32, stream => stream.Write(new byte[128]))
            .WriteTo(path);
        _ = TestModels.Engine;
        var error = Assert.Throws<LlamaException>(() => LlamaModel.Load(path));
        Assert.IsNotType<GgufFormatException>(error);
        Assert.Contains("no-such-architecture", error.Message);
        Assert.Contains("could not load", error.Message);
    }

    [Fact]
    public void Unsupported_version_is_reported()
    {
        byte[] whole = File.ReadAllBytes(TestModels.Tiny);
        whole[4] = 9;
        string path = Path.Combine(TestModels.NewTemporaryDirectory(), "v9.gguf");
        File.WriteAllBytes(path, whole);
        var error = Assert.Throws<GgufFormatException>(() => GgufFile.Read(path));
        Assert.Contains("version 9", error.Message);
    }
}
