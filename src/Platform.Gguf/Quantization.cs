using System.Buffers.Binary;

namespace Platform.Gguf;

/// <summary>Encodes float rows into the ggml block formats the test-model generator writes.</summary>
public static class Quantization
{
    public const int Q8_0BlockElements = 32;
    public const int Q8_0BlockBytes = 34;

    /// <summary>
    /// Q8_0: per block of 32 values, an f16 scale d = max|x| / 127 followed by 32 int8 values round(x / d),
    /// rounding half away from zero as ggml's reference quantizer does.
    /// </summary>
    public static void EncodeQ8_0(ReadOnlySpan<float> values, Span<byte> destination)
    {
        if (values.Length % Q8_0BlockElements != 0)
            throw new ArgumentException($"Q8_0 needs a multiple of {Q8_0BlockElements} values, got {values.Length}.");
        int blocks = values.Length / Q8_0BlockElements;
        if (destination.Length < blocks * Q8_0BlockBytes)
            throw new ArgumentException("Destination is too small for the encoded blocks.");

        for (int block = 0; block < blocks; block++)
        {
            var source = values.Slice(block * Q8_0BlockElements, Q8_0BlockElements);
            var target = destination.Slice(block * Q8_0BlockBytes, Q8_0BlockBytes);
            float absMax = 0;
            foreach (float value in source)
                absMax = MathF.Max(absMax, MathF.Abs(value));
            float scale = absMax / 127f;
            float inverse = scale != 0 ? 1f / scale : 0f;
            BinaryPrimitives.WriteHalfLittleEndian(target, (Half)scale);
            for (int i = 0; i < Q8_0BlockElements; i++)
                target[2 + i] = unchecked((byte)(sbyte)MathF.Round(source[i] * inverse, MidpointRounding.AwayFromZero));
        }
    }

    /// <summary>Decodes Q8_0 blocks back to floats (used by tests to check the encoder).</summary>
    public static void DecodeQ8_0(ReadOnlySpan<byte> source, Span<float> values)
    {
        int blocks = values.Length / Q8_0BlockElements;
        for (int block = 0; block < blocks; block++)
        {
            var data = source.Slice(block * Q8_0BlockBytes, Q8_0BlockBytes);
            float scale = (float)BinaryPrimitives.ReadHalfLittleEndian(data);
            for (int i = 0; i < Q8_0BlockElements; i++)
                values[block * Q8_0BlockElements + i] = (sbyte)data[2 + i] * scale;
        }
    }

    public static void EncodeF16(ReadOnlySpan<float> values, Span<byte> destination)
    {
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteHalfLittleEndian(destination[(2 * i)..], (Half)values[i]);
    }

    public static void EncodeF32(ReadOnlySpan<float> values, Span<byte> destination)
    {
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(destination[(4 * i)..], values[i]);
    }
}
