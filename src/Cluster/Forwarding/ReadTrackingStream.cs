namespace Tracing.Cluster.Forwarding;

/// <summary>
/// The request body as the forwarder reads it, noting whether it read anything: a request whose body was not read at
/// all can be sent again to another owner whatever happened to the first attempt.
/// </summary>
internal sealed class ReadTrackingStream(Stream inner) : Stream
{
    /// <summary>The stream it reads.</summary>
    public Stream Inner => inner;

    /// <summary>Whether any byte (or the end) was read.</summary>
    public bool Touched { get; private set; }

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Touched = true;
        return inner.Read(buffer, offset, count);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Touched = true;
        return inner.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
