using System.Buffers.Binary;

namespace Conference.Media.Sctp;

/// <summary>
/// An SCTP packet: common header (RFC 9260 §3.1) and its chunks. Over DTLS the ports are
/// 5000 by convention (RFC 8841 §4) and never used for demultiplexing.
/// </summary>
public sealed record SctpPacket(ushort SourcePort, ushort DestinationPort, uint VerificationTag, IReadOnlyList<SctpChunk> Chunks)
{
    public const int HeaderLength = 12;
    public const int ChunkHeaderLength = 4;

    public int Length => LengthOf(Chunks is SctpChunk[] array ? array : [.. Chunks]);

    public static int PaddedChunkLength(SctpChunk chunk) => (ChunkHeaderLength + chunk.ValueLength + 3) & ~3;

    /// <summary>The serialised length of a packet of these chunks.</summary>
    public static int LengthOf(ReadOnlySpan<SctpChunk> chunks)
    {
        int length = HeaderLength;
        foreach (SctpChunk chunk in chunks) length += PaddedChunkLength(chunk);
        return length;
    }

    public byte[] ToArray()
    {
        var buffer = new byte[Length];
        WriteTo(buffer);
        return buffer;
    }

    /// <summary>Serializes into <paramref name="destination"/> (at least <see cref="Length"/> bytes) and fills the checksum.</summary>
    public int WriteTo(Span<byte> destination) =>
        Write(destination, SourcePort, DestinationPort, VerificationTag, Chunks is SctpChunk[] array ? array : [.. Chunks]);

    /// <summary>Serializes a packet without building one (the association's send path) and fills the checksum.</summary>
    public static int Write(Span<byte> destination, ushort sourcePort, ushort destinationPort, uint verificationTag, ReadOnlySpan<SctpChunk> chunks)
    {
        int length = LengthOf(chunks);
        Span<byte> packet = destination[..length];
        BinaryPrimitives.WriteUInt16BigEndian(packet, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], verificationTag);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], 0);
        int offset = HeaderLength;
        foreach (SctpChunk chunk in chunks)
        {
            int padded = PaddedChunkLength(chunk);
            packet[offset] = chunk.Type;
            packet[offset + 1] = chunk.Flags;
            BinaryPrimitives.WriteUInt16BigEndian(packet[(offset + 2)..], (ushort)(ChunkHeaderLength + chunk.ValueLength));
            chunk.WriteValue(packet.Slice(offset + ChunkHeaderLength, chunk.ValueLength));
            packet.Slice(offset + ChunkHeaderLength + chunk.ValueLength, padded - ChunkHeaderLength - chunk.ValueLength).Clear();
            offset += padded;
        }
        // RFC 9260 Appendix A: the CRC32c goes on the wire least significant byte first.
        BinaryPrimitives.WriteUInt32LittleEndian(packet[8..], Crc32c.Compute(packet));
        return length;
    }

    /// <summary>Parses and checksum-verifies a packet. Never throws; false on any malformation.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out SctpPacket? packet)
    {
        packet = null;
        if (data.Length < HeaderLength + ChunkHeaderLength) return false;
        if (!ChecksumMatches(data)) return false;

        var chunks = new List<SctpChunk>();
        ReadOnlySpan<byte> rest = data[HeaderLength..];
        while (rest.Length >= ChunkHeaderLength)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
            if (length < ChunkHeaderLength || length > rest.Length) return false;
            if (!SctpChunkCodec.TryRead(rest[0], rest[1], rest[ChunkHeaderLength..length], out SctpChunk? chunk)) return false;
            chunks.Add(chunk!);
            // The last chunk's padding may be missing; tolerate it.
            int padded = (length + 3) & ~3;
            rest = padded >= rest.Length ? [] : rest[padded..];
        }
        if (chunks.Count == 0) return false;
        packet = new SctpPacket(BinaryPrimitives.ReadUInt16BigEndian(data), BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[4..]), chunks);
        return true;
    }

    private static bool ChecksumMatches(ReadOnlySpan<byte> data)
    {
        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        uint crc = Crc32c.Append(Crc32c.Start, data[..8]);
        crc = Crc32c.Append(crc, [0, 0, 0, 0]);
        crc = Crc32c.Append(crc, data[HeaderLength..]);
        return Crc32c.Finish(crc) == expected;
    }
}
