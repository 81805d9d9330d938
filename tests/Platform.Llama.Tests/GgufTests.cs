using System.Security.Cryptography;
using Platform.Gguf;

namespace Platform.Llama.Tests;

public sealed class GgufTests
{
    [Fact]
    public void Generated_tiny_model_is_byte_identical_for_the_same_seed()
    {
        string directory = TestModels.NewTemporaryDirectory();
        string first = Path.Combine(directory, "a.gguf");
        string second = Path.Combine(directory, "b.gguf");
        TestModelGenerator.Write(TestModelSpec.Tiny, first);
        TestModelGenerator.Write(TestModelSpec.Tiny, second);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(first)), SHA256.HashData(File.ReadAllBytes(second)));

        string reseeded = Path.Combine(directory, "c.gguf");
        TestModelGenerator.Write(TestModelSpec.Tiny with { Seed = 2 }, reseeded);
        Assert.NotEqual(SHA256.HashData(File.ReadAllBytes(first)), SHA256.HashData(File.ReadAllBytes(reseeded)));
        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Generated_model_carries_llama_hyperparameters_vocabulary_and_chat_template(bool q8_0)
    {
        var spec = q8_0 ? TestModelSpec.TinyQ8_0 : TestModelSpec.Tiny;
        var file = GgufFile.Read(q8_0 ? TestModels.TinyQ8_0 : TestModels.Tiny);
        var vocabulary = GgufFile.Read(TestModelGenerator.DefaultVocabularyPath);

        Assert.Equal("llama", file.Architecture);
        Assert.Equal(spec.EmbeddingLength, file.GetInteger("llama.embedding_length"));
        Assert.Equal(2, file.GetInteger("llama.block_count"));
        Assert.Equal(q8_0 ? 7 : 1, file.GetInteger("general.file_type"));
        Assert.Equal(TestModelGenerator.ChatMlTemplate, file.ChatTemplate);
        Assert.True(TestModelGenerator.DeclaresRandomWeights(file));
        Assert.False(TestModelGenerator.DeclaresRandomWeights(vocabulary));
        Assert.Equal((string[])vocabulary.Metadata["tokenizer.ggml.tokens"].Value, (string[])file.Metadata["tokenizer.ggml.tokens"].Value);
        Assert.Equal(vocabulary.GetString("tokenizer.ggml.model"), file.GetString("tokenizer.ggml.model"));

        var embedding = file.Tensors.Single(t => t.Name == "token_embd.weight");
        Assert.Equal(spec.MatrixType, embedding.Type);
        Assert.Equal([(ulong)spec.EmbeddingLength, 32000UL], embedding.Dimensions);
        Assert.Equal(GgmlType.F32, file.Tensors.Single(t => t.Name == "blk.1.ffn_norm.weight").Type);
        Assert.Equal(3 + 9 * 2, file.Tensors.Count);
        Assert.InRange(file.FileSize, 1_000_000, 5_500_000);
    }

    [Fact]
    public void Q8_0_round_trip_stays_within_half_a_quantization_step()
    {
        var values = Enumerable.Range(0, 64).Select(i => MathF.Sin(i * 0.37f) * (i % 7 + 1)).ToArray();
        var encoded = new byte[2 * Quantization.Q8_0BlockBytes];
        Quantization.EncodeQ8_0(values, encoded);
        var decoded = new float[64];
        Quantization.DecodeQ8_0(encoded, decoded);
        for (int block = 0; block < 2; block++)
        {
            float step = values.Skip(block * 32).Take(32).Max(MathF.Abs) / 127f;
            for (int i = block * 32; i < block * 32 + 32; i++)
                Assert.True(MathF.Abs(values[i] - decoded[i]) <= step * 0.51f + 1e-3f, $"value {i}: {values[i]} decoded as {decoded[i]}");
        }
    }

    [Fact]
    public void Writer_and_reader_round_trip_every_value_type()
    {
        string path = Path.Combine(TestModels.NewTemporaryDirectory(), "values.gguf");
        new GgufWriter()
            .Add("a.string", GgufValue.Of("héllo"))
            .Add("a.u32", GgufValue.Of(7u))
            .Add("a.i32", GgufValue.Of(-7))
            .Add("a.f32", GgufValue.Of(1.5f))
            .Add("a.bool", GgufValue.Of(true))
            .Add("a.u64", GgufValue.Of(1UL << 40))
            .Add("a.strings", new GgufValue(GgufValueType.Array, new[] { "x", "yz" }, GgufValueType.String))
            .Add("a.floats", new GgufValue(GgufValueType.Array, new[] { 1f, -2f }, GgufValueType.Float32))
            .AddTensor("t", [32], GgmlType.F32, stream => stream.Write(new byte[128]))
            .WriteTo(path);

        var file = GgufFile.Read(path);
        Assert.Equal(["a.string", "a.u32", "a.i32", "a.f32", "a.bool", "a.u64", "a.strings", "a.floats"], file.MetadataKeys);
        Assert.Equal("héllo", file.GetString("a.string"));
        Assert.Equal(7, file.GetInteger("a.u32"));
        Assert.Equal(-7, file.GetInteger("a.i32"));
        Assert.Equal(1.5f, file.Metadata["a.f32"].Value);
        Assert.Equal(true, file.Metadata["a.bool"].Value);
        Assert.Equal(1L << 40, file.GetInteger("a.u64"));
        Assert.Equal(new[] { "x", "yz" }, (string[])file.Metadata["a.strings"].Value);
        Assert.Equal(new[] { 1f, -2f }, (float[])file.Metadata["a.floats"].Value);
        Assert.Equal(0, file.DataOffset % 32);
        Assert.Equal(file.DataOffset + 128, file.FileSize);
    }
}
