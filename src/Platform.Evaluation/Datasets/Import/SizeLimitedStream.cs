namespace Platform.Evaluation.Datasets.Import;

/// <summary>Reads through to another stream and stops with <see cref="TooLargeException"/> past a byte limit,
/// so a stream of unknown length cannot make an import read without end.</summary>
internal sealed class SizeLimitedStream(Stream inner, long limit) : Stream
{
    private long _read;

    public sealed class TooLargeException() : Exception("The input is larger than the import limit.");

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        _read += n;
        if (_read > limit) throw new TooLargeException();
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    // The caller owns the inner stream.
    protected override void Dispose(bool disposing) { }
}
