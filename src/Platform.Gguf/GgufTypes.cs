namespace Platform.Gguf;

/// <summary>Metadata value types, numbered as in the GGUF specification.</summary>
public enum GgufValueType : uint
{
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
}

/// <summary>The tensor element types this project writes or reports, numbered as ggml's <c>ggml_type</c>.</summary>
public enum GgmlType : uint
{
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    BF16 = 30,
}

/// <summary>
/// One metadata value. Scalars are stored as their natural CLR type (uint, float, string, bool...);
/// arrays as a typed CLR array plus <see cref="ElementType"/>, so a value read from one file can be
/// written into another byte for byte.
/// </summary>
public sealed record GgufValue(GgufValueType Type, object Value, GgufValueType ElementType = GgufValueType.UInt8)
{
    public static GgufValue Of(string value) => new(GgufValueType.String, value);
    public static GgufValue Of(uint value) => new(GgufValueType.UInt32, value);
    public static GgufValue Of(int value) => new(GgufValueType.Int32, value);
    public static GgufValue Of(float value) => new(GgufValueType.Float32, value);
    public static GgufValue Of(bool value) => new(GgufValueType.Bool, value);
    public static GgufValue Of(ulong value) => new(GgufValueType.UInt64, value);

    public string AsString() => Value as string
        ?? throw new InvalidOperationException($"GGUF value is {Type}, not a string.");

    /// <summary>Any integer type as a long; throws for non-integers.</summary>
    public long AsInteger() => Value switch
    {
        byte v => v,
        sbyte v => v,
        ushort v => v,
        short v => v,
        uint v => v,
        int v => v,
        ulong v => checked((long)v),
        long v => v,
        _ => throw new InvalidOperationException($"GGUF value is {Type}, not an integer."),
    };

    public override string ToString() => Value switch
    {
        Array array => $"[{ElementType} x {array.Length}]",
        _ => Convert.ToString(Value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>Where a tensor lives in a GGUF file. <see cref="Dimensions"/> lists ne0 (the row length) first.</summary>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<ulong> Dimensions, GgmlType Type, ulong Offset)
{
    public ulong ElementCount => Dimensions.Aggregate(1UL, (product, dim) => checked(product * dim));
}
