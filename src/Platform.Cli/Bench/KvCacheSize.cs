using Platform.Llama.Gguf;

namespace Platform.Cli.Bench;

/// <summary>The attention shape that decides how many bytes one KV cache cell takes.</summary>
public sealed record KvShape(int LayerCount, int HeadCountKv, int KeyLength, int ValueLength)
{
    /// <summary>Bytes of K and V for one token across all layers, at <paramref name="bytesPerElement"/> (2 for llama.cpp's default F16 cache).</summary>
    public long BytesPerCell(int bytesPerElement = 2) => (long)LayerCount * HeadCountKv * (KeyLength + ValueLength) * bytesPerElement;

    public long Bytes(int contextCells, int bytesPerElement = 2) => contextCells * BytesPerCell(bytesPerElement);

    /// <summary>Reads the shape from a GGUF's metadata the way llama.cpp does (key and value length default to embedding / heads).</summary>
    public static KvShape FromGguf(GgufFile model)
    {
        var architecture = model.Architecture ?? throw new BenchException($"'{model.Path}' has no general.architecture; cannot size its KV cache.");
        long Required(string key) => model.GetInteger($"{architecture}.{key}")
            ?? throw new BenchException($"'{model.Path}' has no {architecture}.{key}; cannot size its KV cache.");
        var embedding = Required("embedding_length");
        var heads = Required("attention.head_count");
        var headsKv = model.GetInteger($"{architecture}.attention.head_count_kv") ?? heads;
        var headDimension = embedding / heads;
        return new KvShape(
            checked((int)Required("block_count")),
            checked((int)headsKv),
            checked((int)(model.GetInteger($"{architecture}.attention.key_length") ?? headDimension)),
            checked((int)(model.GetInteger($"{architecture}.attention.value_length") ?? headDimension)));
    }
}
