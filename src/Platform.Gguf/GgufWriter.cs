using System.Text;

namespace Platform.Gguf;

/// <summary>
/// Writes a GGUF v3 file: metadata in insertion order, then tensor infos, then the aligned tensor data.
/// Tensor data is produced by a callback at write time so large models stream to disk instead of being
/// held in memory. The file is written beside its destination and renamed into place, so a reader never
/// sees half a file.
/// </summary>
public sealed class GgufWriter
{
    private readonly List<(string Key, GgufValue Value)> _metadata = [];
    private readonly List<PendingTensor> _tensors = [];

    private sealed record PendingTensor(GgufTensorInfo Info, ulong ByteSize, Action<Stream> WriteData);

    public GgufWriter Add(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        int existing = _metadata.FindIndex(entry => entry.Key == key);
        if (existing >= 0)
            _metadata[existing] = (key, value);
        else
            _metadata.Add((key, value));
        return this;
    }

    /// <param name="dimensions">ne0 (the contiguous row length) first, as ggml orders them.</param>
    /// <param name="writeData">Writes exactly the tensor's byte size to the stream.</param>
    public GgufWriter AddTensor(string name, ulong[] dimensions, GgmlType type, Action<Stream> writeData)
    {
        var info = new GgufTensorInfo(name, dimensions, type, 0);
        ulong size = GgufFile.TensorByteSize(info)
            ?? throw new ArgumentException($"Tensor type {type} cannot be written.", nameof(type));
        _tensors.Add(new PendingTensor(info, size, writeData));
        return this;
    }

    public void WriteTo(string path)
    {
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        string temporary = $"{fullPath}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Write(stream);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    private void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(GgufFile.Magic);
        writer.Write(3u);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            WriteString(writer, key);
            writer.Write((uint)value.Type);
            WriteValue(writer, value);
        }

        ulong offset = 0;
        foreach (var tensor in _tensors)
        {
            WriteString(writer, tensor.Info.Name);
            writer.Write((uint)tensor.Info.Dimensions.Count);
            foreach (ulong dimension in tensor.Info.Dimensions)
                writer.Write(dimension);
            writer.Write((uint)tensor.Info.Type);
            writer.Write(offset);
            offset = GgufFile.Align(offset + tensor.ByteSize, GgufFile.DefaultAlignment);
        }

        writer.Flush();
        Pad(stream);
        foreach (var tensor in _tensors)
        {
            long start = stream.Position;
            tensor.WriteData(stream);
            long written = stream.Position - start;
            if ((ulong)written != tensor.ByteSize)
                throw new InvalidOperationException(
                    $"Tensor '{tensor.Info.Name}' wrote {written} bytes, expected {tensor.ByteSize}.");
            Pad(stream);
        }
    }

    private static void Pad(Stream stream)
    {
        long aligned = (long)GgufFile.Align((ulong)stream.Position, GgufFile.DefaultAlignment);
        while (stream.Position < aligned)
            stream.WriteByte(0);
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteValue(BinaryWriter writer, GgufValue value)
    {
        if (value.Type != GgufValueType.Array)
        {
            WriteScalar(writer, value.Type, value.Value);
            return;
        }
        var items = (Array)value.Value;
        writer.Write((uint)value.ElementType);
        writer.Write((ulong)items.Length);
        foreach (object item in items)
            WriteScalar(writer, value.ElementType, item);
    }

    private static void WriteScalar(BinaryWriter writer, GgufValueType type, object value)
    {
        switch (type)
        {
            case GgufValueType.UInt8: writer.Write((byte)value); break;
            case GgufValueType.Int8: writer.Write((sbyte)value); break;
            case GgufValueType.UInt16: writer.Write((ushort)value); break;
            case GgufValueType.Int16: writer.Write((short)value); break;
            case GgufValueType.UInt32: writer.Write((uint)value); break;
            case GgufValueType.Int32: writer.Write((int)value); break;
            case GgufValueType.Float32: writer.Write((float)value); break;
            case GgufValueType.Bool: writer.Write((byte)((bool)value ? 1 : 0)); break;
            case GgufValueType.String: WriteString(writer, (string)value); break;
            case GgufValueType.UInt64: writer.Write((ulong)value); break;
            case GgufValueType.Int64: writer.Write((long)value); break;
            case GgufValueType.Float64: writer.Write((double)value); break;
            default: throw new ArgumentException($"GGUF value type {type} cannot be written as a scalar.");
        }
    }
}
