using System.Buffers.Binary;

namespace Conference.Media.Sctp;

/// <summary>
/// One chunk of an SCTP packet (RFC 9260 §3.2). Each subtype knows its type, flags and how to
/// write its value; <see cref="SctpChunkCodec"/> reads them back.
/// </summary>
public abstract record SctpChunk
{
    public abstract byte Type { get; }
    public virtual byte Flags => 0;
    public abstract int ValueLength { get; }
    public abstract void WriteValue(Span<byte> destination);
}

/// <summary>COOKIE ECHO (RFC 9260 §3.3.11): the state cookie from INIT ACK, returned verbatim.</summary>
public sealed record SctpCookieEchoChunk(byte[] Cookie) : SctpChunk
{
    public override byte Type => SctpChunkType.CookieEcho;
    public override int ValueLength => Cookie.Length;
    public override void WriteValue(Span<byte> destination) => Cookie.CopyTo(destination);
}

/// <summary>A chunk with no value: COOKIE ACK, SHUTDOWN ACK, SHUTDOWN COMPLETE (T flag in bit 0).</summary>
public sealed record SctpEmptyChunk(byte ChunkType, byte ChunkFlags = 0) : SctpChunk
{
    public override byte Type => ChunkType;
    public override byte Flags => ChunkFlags;
    public override int ValueLength => 0;
    public override void WriteValue(Span<byte> destination) { }
}

/// <summary>SHUTDOWN (RFC 9260 §3.3.8): carries the sender's cumulative TSN ack.</summary>
public sealed record SctpShutdownChunk(uint CumulativeTsnAck) : SctpChunk
{
    public override byte Type => SctpChunkType.Shutdown;
    public override int ValueLength => 4;
    public override void WriteValue(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, CumulativeTsnAck);
}

/// <summary>
/// A chunk whose value we keep as opaque bytes: HEARTBEAT and HEARTBEAT ACK (the info is echoed,
/// RFC 9260 §3.3.5-6), ABORT and ERROR (error causes, §3.3.7/§3.3.10), and unknown types.
/// </summary>
public sealed record SctpRawChunk(byte ChunkType, byte ChunkFlags, byte[] Value) : SctpChunk
{
    public override byte Type => ChunkType;
    public override byte Flags => ChunkFlags;
    public override int ValueLength => Value.Length;
    public override void WriteValue(Span<byte> destination) => Value.CopyTo(destination);

    /// <summary>ABORT with one error cause (RFC 9260 §3.3.10); "User-Initiated Abort" (12) carries a reason.</summary>
    public static SctpRawChunk Abort(ushort cause, ReadOnlySpan<byte> causeInfo)
    {
        int length = 4 + causeInfo.Length;
        var value = new byte[(length + 3) & ~3];
        BinaryPrimitives.WriteUInt16BigEndian(value, cause);
        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(2), (ushort)length);
        causeInfo.CopyTo(value.AsSpan(4));
        return new SctpRawChunk(SctpChunkType.Abort, 0, value);
    }
}
