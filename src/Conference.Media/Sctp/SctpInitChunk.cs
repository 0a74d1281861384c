using System.Buffers.Binary;

namespace Conference.Media.Sctp;

/// <summary>A TLV parameter of INIT/INIT ACK (RFC 9260 §3.2.1).</summary>
public readonly record struct SctpParameter(ushort Type, byte[] Value)
{
    public const ushort HeartbeatInfo = 1;
    public const ushort StateCookie = 7;
    public const ushort SupportedExtensions = 0x8008; // RFC 5061 §4.2.7
    public const ushort ForwardTsnSupported = 0xC000; // RFC 3758 §3.1

    public int PaddedLength => (4 + Value.Length + 3) & ~3;
}

/// <summary>
/// INIT and INIT ACK share one layout (RFC 9260 §3.3.2-3): initiate tag, a_rwnd, stream counts,
/// initial TSN, then parameters. INIT ACK carries the state cookie as a parameter.
/// </summary>
public sealed record SctpInitChunk(
    bool IsAck,
    uint InitiateTag,
    uint AdvertisedReceiverWindow,
    ushort OutboundStreams,
    ushort InboundStreams,
    uint InitialTsn,
    IReadOnlyList<SctpParameter> Parameters) : SctpChunk
{
    public override byte Type => IsAck ? SctpChunkType.InitAck : SctpChunkType.Init;

    // RFC 9260 §3.2: the chunk length excludes the final padding, so the last parameter counts unpadded.
    public override int ValueLength
    {
        get
        {
            int length = 16;
            foreach (SctpParameter p in Parameters) length += p.PaddedLength;
            return Parameters.Count == 0 ? length : length - Parameters[^1].PaddedLength + 4 + Parameters[^1].Value.Length;
        }
    }

    public byte[]? StateCookie => Find(SctpParameter.StateCookie);

    /// <summary>True when the peer can receive FORWARD TSN (RFC 3758 §3.1).</summary>
    public bool SupportsForwardTsn =>
        Find(SctpParameter.ForwardTsnSupported) is not null ||
        Find(SctpParameter.SupportedExtensions) is { } types && Array.IndexOf(types, SctpChunkType.ForwardTsn) >= 0;

    public byte[]? Find(ushort type)
    {
        foreach (SctpParameter p in Parameters) if (p.Type == type) return p.Value;
        return null;
    }

    public override void WriteValue(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, InitiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], AdvertisedReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], OutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], InboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], InitialTsn);
        int offset = 16;
        foreach (SctpParameter p in Parameters)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], p.Type);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)(4 + p.Value.Length));
            p.Value.CopyTo(destination[(offset + 4)..]);
            int padding = Math.Min(p.PaddedLength - 4 - p.Value.Length, destination.Length - offset - 4 - p.Value.Length);
            destination.Slice(offset + 4 + p.Value.Length, padding).Clear();
            offset += p.PaddedLength;
        }
    }

    internal static bool TryRead(bool isAck, ReadOnlySpan<byte> value, out SctpChunk? chunk)
    {
        chunk = null;
        if (value.Length < 16) return false;
        uint tag = BinaryPrimitives.ReadUInt32BigEndian(value);
        // RFC 9260 §3.3.2: a zero initiate tag, or zero stream counts, is a protocol violation.
        if (tag == 0) return false;
        ushort outbound = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        ushort inbound = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        if (outbound == 0 || inbound == 0) return false;

        var parameters = new List<SctpParameter>();
        ReadOnlySpan<byte> rest = value[16..];
        while (rest.Length >= 4)
        {
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(rest);
            int length = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
            if (length < 4 || length > rest.Length) return false;
            parameters.Add(new SctpParameter(type, rest[4..length].ToArray()));
            int padded = (length + 3) & ~3;
            rest = padded >= rest.Length ? [] : rest[padded..];
        }
        chunk = new SctpInitChunk(isAck, tag, BinaryPrimitives.ReadUInt32BigEndian(value[4..]), outbound, inbound,
            BinaryPrimitives.ReadUInt32BigEndian(value[12..]), parameters);
        return true;
    }
}
