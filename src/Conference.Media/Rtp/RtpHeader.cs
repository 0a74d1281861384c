using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>
/// The fixed header of one RTP packet (RFC 3550 §5.1), read by <see cref="RtpPacket.TryParse"/>.
/// It keeps offsets instead of the bytes so it can be stored and passed around freely;
/// the span accessors take the packet it was parsed from.
/// </summary>
public readonly struct RtpHeader
{
    internal RtpHeader(
        byte firstByte, byte secondByte, ushort sequenceNumber, uint timestamp, uint ssrc,
        ushort extensionProfile, int extensionOffset, int extensionLength,
        int payloadOffset, int payloadLength, int paddingLength)
    {
        Version = firstByte >> 6;
        HasPadding = (firstByte & 0x20) != 0;
        HasExtension = (firstByte & 0x10) != 0;
        CsrcCount = firstByte & 0x0F;
        Marker = (secondByte & 0x80) != 0;
        PayloadType = (byte)(secondByte & 0x7F);
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        ExtensionProfile = extensionProfile;
        ExtensionOffset = extensionOffset;
        ExtensionLength = extensionLength;
        PayloadOffset = payloadOffset;
        PayloadLength = payloadLength;
        PaddingLength = paddingLength;
    }

    public int Version { get; }
    public bool HasPadding { get; }
    public bool HasExtension { get; }
    public int CsrcCount { get; }
    public bool Marker { get; }
    public byte PayloadType { get; }
    public ushort SequenceNumber { get; }
    public uint Timestamp { get; }
    public uint Ssrc { get; }

    /// <summary>"defined by profile" word of the extension header: 0xBEDE or 0x100X (RFC 8285 §4.2/§4.3); 0 when absent.</summary>
    public ushort ExtensionProfile { get; }

    /// <summary>Offset of the extension data (after its 4-byte header) within the packet.</summary>
    public int ExtensionOffset { get; }

    /// <summary>Length in bytes of the extension data (a multiple of 4).</summary>
    public int ExtensionLength { get; }

    public int PayloadOffset { get; }

    /// <summary>Payload length with the RTP padding already removed.</summary>
    public int PayloadLength { get; }

    public int PaddingLength { get; }

    /// <summary>Bytes up to the payload: fixed header, CSRCs and extension.</summary>
    public int HeaderLength => PayloadOffset;

    public bool HasOneByteExtensions => HasExtension && ExtensionProfile == RtpHeaderExtensions.OneByteProfile;

    public bool HasTwoByteExtensions => HasExtension && (ExtensionProfile & 0xFFF0) == RtpHeaderExtensions.TwoByteProfile;

    public uint GetCsrc(ReadOnlySpan<byte> packet, int index)
    {
        if ((uint)index >= (uint)CsrcCount) throw new ArgumentOutOfRangeException(nameof(index));
        return BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(12 + 4 * index, 4));
    }

    public ReadOnlySpan<byte> GetPayload(ReadOnlySpan<byte> packet) => packet.Slice(PayloadOffset, PayloadLength);

    public ReadOnlySpan<byte> GetExtensionData(ReadOnlySpan<byte> packet) => packet.Slice(ExtensionOffset, ExtensionLength);
}
