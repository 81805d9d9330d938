namespace Platform.Gguf;

/// <summary>The attention shape that decides how many bytes one KV cache cell takes.</summary>
public sealed record KvShape(int LayerCount, int HeadCountKv, int KeyLength, int ValueLength)
{
    /// <summary>Bytes of K and V for one token across all layers, at <paramref name="bytesPerElement"/> (2 for llama.cpp's default F16 cache).</summary>
    public long BytesPerCell(int bytesPerElement = 2) => (long)LayerCount * HeadCountKv * (KeyLength + ValueLength) * bytesPerElement;

    public long Bytes(long contextCells, int bytesPerElement = 2) => contextCells * BytesPerCell(bytesPerElement);

    /// <summary>Reads the shape from a GGUF's metadata the way llama.cpp does (key and value length default to embedding / heads).</summary>
    /// <exception cref="GgufFormatException">A key the size depends on is missing.</exception>
    public static KvShape FromGguf(GgufFile model)
    {
        var architecture = model.Architecture ?? throw new GgufFormatException(model.Path, "it has no general.architecture, so its KV cache cannot be sized");
        long Required(string key) => model.GetInteger($"{architecture}.{key}")
            ?? throw new GgufFormatException(model.Path, $"it has no {architecture}.{key}, so its KV cache cannot be sized");
        var embedding = Required("embedding_length");
        var heads = Required("attention.head_count");
        if (heads <= 0)
            throw new GgufFormatException(model.Path, $"{architecture}.attention.head_count is {heads}");
        var headsKv = model.GetInteger($"{architecture}.attention.head_count_kv") ?? heads;
        var headDimension = embedding / heads;
        return new KvShape(
            checked((int)Required("block_count")),
            checked((int)headsKv),
            checked((int)(model.GetInteger($"{architecture}.attention.key_length") ?? headDimension)),
            checked((int)(model.GetInteger($"{architecture}.attention.value_length") ?? headDimension)));
    }
}
