using System.Text;

namespace Platform.Gguf;

/// <summary>
/// The header of a GGUF file: metadata and tensor directory, without the tensor data. Reading validates
/// the structure so a bad user file fails here with a clear <see cref="GgufFormatException"/> instead of
/// inside native code.
/// </summary>
public sealed class GgufFile
{
    public const uint Magic = 0x46554747; // "GGUF" read as little-endian uint32
    public const uint DefaultAlignment = 32;

    // Bounds that no real model comes near; they stop a corrupt count from allocating gigabytes.
    private const ulong MaxEntries = 1 << 24;

    private GgufFile(string path, uint version, IReadOnlyDictionary<string, GgufValue> metadata,
        IReadOnlyList<string> metadataOrder, IReadOnlyList<GgufTensorInfo> tensors, long dataOffset, long fileSize)
    {
        Path = path;
        Version = version;
        Metadata = metadata;
        MetadataKeys = metadataOrder;
        Tensors = tensors;
        DataOffset = dataOffset;
        FileSize = fileSize;
    }

    public string Path { get; }
    public uint Version { get; }
    public IReadOnlyDictionary<string, GgufValue> Metadata { get; }

    /// <summary>Metadata keys in file order.</summary>
    public IReadOnlyList<string> MetadataKeys { get; }

    public IReadOnlyList<GgufTensorInfo> Tensors { get; }
    public long DataOffset { get; }
    public long FileSize { get; }

    public string? Architecture => GetString("general.architecture");
    public string? ChatTemplate => GetString("tokenizer.chat_template");

    public string? GetString(string key) =>
        Metadata.TryGetValue(key, out var value) && value.Type == GgufValueType.String ? value.AsString() : null;

    public long? GetInteger(string key) =>
        Metadata.TryGetValue(key, out var value) && value.Value is not (string or Array or bool or float or double)
            ? value.AsInteger()
            : null;

    /// <summary>Reads and validates the header of <paramref name="path"/>.</summary>
    /// <exception cref="GgufFormatException">The path is missing, a directory, or not a valid GGUF file.</exception>
    public static GgufFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
            throw new GgufFormatException(path, "it is a directory; give the path of a .gguf file inside it.");
        if (!File.Exists(path))
            throw new GgufFormatException(path, "the file does not exist. Check the path, or download the model first.");

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return Read(stream, path);
        }
        catch (EndOfStreamException)
        {
            throw new GgufFormatException(path, "the file ends in the middle of its header (truncated download?). Download it again.");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new GgufFormatException(path, $"it cannot be read ({e.Message}).");
        }
        catch (IOException e)
        {
            throw new GgufFormatException(path, $"reading failed ({e.Message}).");
        }
    }

    private static GgufFile Read(FileStream stream, string path)
    {
        long fileSize = stream.Length;
        if (fileSize < 24)
            throw new GgufFormatException(path, $"it is only {fileSize} bytes long, too short for a GGUF header.");

        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        uint magic = reader.ReadUInt32();
        if (magic != Magic)
            throw new GgufFormatException(path,
                $"it does not start with the GGUF magic (found 0x{magic:X8}). Only GGUF models are supported; convert other formats with llama.cpp's converters.");
        uint version = reader.ReadUInt32();
        if (version is < 2 or > 3)
            throw new GgufFormatException(path, $"GGUF version {version} is not supported (expected 2 or 3).");

        ulong tensorCount = reader.ReadUInt64();
        ulong metadataCount = reader.ReadUInt64();
        if (tensorCount > MaxEntries || metadataCount > MaxEntries)
            throw new GgufFormatException(path, $"the header claims {tensorCount} tensors and {metadataCount} metadata entries, which is corrupt.");

        var parser = new Parser(reader, path, fileSize);
        var metadata = new Dictionary<string, GgufValue>(StringComparer.Ordinal);
        var order = new List<string>((int)Math.Min(metadataCount, 1024));
        for (ulong i = 0; i < metadataCount; i++)
        {
            string key = parser.ReadString();
            var type = (GgufValueType)reader.ReadUInt32();
            GgufValue value = parser.ReadValue(type, key);
            if (!metadata.TryAdd(key, value))
                throw new GgufFormatException(path, $"metadata key '{key}' appears twice.");
            order.Add(key);
        }

        var tensors = new List<GgufTensorInfo>((int)Math.Min(tensorCount, 4096));
        for (ulong i = 0; i < tensorCount; i++)
        {
            string name = parser.ReadString();
            uint dimensionCount = reader.ReadUInt32();
            if (dimensionCount is 0 or > 4)
                throw new GgufFormatException(path, $"tensor '{name}' has {dimensionCount} dimensions (expected 1 to 4).");
            var dimensions = new ulong[dimensionCount];
            for (int d = 0; d < dimensionCount; d++)
                dimensions[d] = reader.ReadUInt64();
            var type = (GgmlType)reader.ReadUInt32();
            ulong offset = reader.ReadUInt64();
            tensors.Add(new GgufTensorInfo(name, dimensions, type, offset));
        }

        ulong alignment = metadata.TryGetValue("general.alignment", out var alignmentValue)
            ? (ulong)alignmentValue.AsInteger()
            : DefaultAlignment;
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
            throw new GgufFormatException(path, $"general.alignment is {alignment}, not a power of two.");
        long dataOffset = (long)Align((ulong)stream.Position, alignment);

        foreach (var tensor in tensors)
        {
            ulong end;
            try
            {
                ulong? size = TensorByteSize(tensor);
                if (size is null)
                    continue; // a type we do not know the size of; llama.cpp will judge it
                end = checked((ulong)dataOffset + tensor.Offset + size.Value);
            }
            catch (OverflowException)
            {
                throw new GgufFormatException(path, $"tensor '{tensor.Name}' has impossible dimensions or offset (corrupt file).");
            }
            if (end > (ulong)fileSize)
                throw new GgufFormatException(path,
                    $"tensor '{tensor.Name}' needs data up to byte {end} but the file has {fileSize} bytes (truncated download?). Download it again.");
        }

        return new GgufFile(path, version, metadata, order, tensors, dataOffset, fileSize);
    }

    public static ulong Align(ulong value, ulong alignment) => (value + alignment - 1) / alignment * alignment;

    /// <summary>Bytes of one tensor's data, or null for a type whose block layout this reader does not know.</summary>
    public static ulong? TensorByteSize(GgufTensorInfo tensor)
    {
        (ulong blockBytes, ulong blockElements)? layout = tensor.Type switch
        {
            GgmlType.F32 => (4, 1),
            GgmlType.F16 or GgmlType.BF16 => (2, 1),
            GgmlType.Q4_0 => (18, 32),
            GgmlType.Q4_1 => (20, 32),
            GgmlType.Q5_0 => (22, 32),
            GgmlType.Q5_1 => (24, 32),
            GgmlType.Q8_0 => (34, 32),
            GgmlType.Q8_1 => (36, 32),
            GgmlType.Q2_K => (84, 256),
            GgmlType.Q3_K => (110, 256),
            GgmlType.Q4_K => (144, 256),
            GgmlType.Q5_K => (176, 256),
            GgmlType.Q6_K => (210, 256),
            GgmlType.Q8_K => (292, 256),
            _ => null,
        };
        if (layout is not var (blockBytes, blockElements))
            return null;
        return tensor.ElementCount / blockElements * blockBytes;
    }

    private sealed class Parser(BinaryReader reader, string path, long fileSize)
    {
        public string ReadString()
        {
            ulong length = reader.ReadUInt64();
            if (length > (ulong)(fileSize - reader.BaseStream.Position))
                throw new GgufFormatException(path, $"a string at byte {reader.BaseStream.Position - 8} claims {length} bytes, past the end of the file (truncated or corrupt).");
            return Encoding.UTF8.GetString(reader.ReadBytes((int)length));
        }

        public GgufValue ReadValue(GgufValueType type, string key)
        {
            if (type == GgufValueType.Array)
            {
                var elementType = (GgufValueType)reader.ReadUInt32();
                ulong count = reader.ReadUInt64();
                if (count > (ulong)(fileSize - reader.BaseStream.Position))
                    throw new GgufFormatException(path, $"metadata array '{key}' claims {count} elements, more than the file can hold (truncated or corrupt).");
                return new GgufValue(GgufValueType.Array, ReadArray(elementType, (int)count, key), elementType);
            }
            return new GgufValue(type, ReadScalar(type, key));
        }

        private object ReadScalar(GgufValueType type, string key) => type switch
        {
            GgufValueType.UInt8 => reader.ReadByte(),
            GgufValueType.Int8 => reader.ReadSByte(),
            GgufValueType.UInt16 => reader.ReadUInt16(),
            GgufValueType.Int16 => reader.ReadInt16(),
            GgufValueType.UInt32 => reader.ReadUInt32(),
            GgufValueType.Int32 => reader.ReadInt32(),
            GgufValueType.Float32 => reader.ReadSingle(),
            GgufValueType.Bool => reader.ReadByte() != 0,
            GgufValueType.String => ReadString(),
            GgufValueType.UInt64 => reader.ReadUInt64(),
            GgufValueType.Int64 => reader.ReadInt64(),
            GgufValueType.Float64 => reader.ReadDouble(),
            _ => throw new GgufFormatException(path, $"metadata '{key}' has unknown value type {(uint)type} (corrupt file?)."),
        };

        private Array ReadArray(GgufValueType elementType, int count, string key)
        {
            switch (elementType)
            {
                case GgufValueType.String:
                {
                    var strings = new string[count];
                    for (int i = 0; i < count; i++) strings[i] = ReadString();
                    return strings;
                }
                case GgufValueType.Int32: return Fill(new int[count], reader.ReadInt32);
                case GgufValueType.UInt32: return Fill(new uint[count], reader.ReadUInt32);
                case GgufValueType.Float32: return Fill(new float[count], reader.ReadSingle);
                case GgufValueType.UInt8: return Fill(new byte[count], reader.ReadByte);
                case GgufValueType.Int8: return Fill(new sbyte[count], reader.ReadSByte);
                case GgufValueType.UInt16: return Fill(new ushort[count], reader.ReadUInt16);
                case GgufValueType.Int16: return Fill(new short[count], reader.ReadInt16);
                case GgufValueType.UInt64: return Fill(new ulong[count], reader.ReadUInt64);
                case GgufValueType.Int64: return Fill(new long[count], reader.ReadInt64);
                case GgufValueType.Float64: return Fill(new double[count], reader.ReadDouble);
                case GgufValueType.Bool: return Fill(new bool[count], () => reader.ReadByte() != 0);
                default:
                    throw new GgufFormatException(path, $"metadata array '{key}' has unsupported element type {(uint)elementType}.");
            }
        }

        private static T[] Fill<T>(T[] items, Func<T> read)
        {
            for (int i = 0; i < items.Length; i++) items[i] = read();
            return items;
        }
    }
}
