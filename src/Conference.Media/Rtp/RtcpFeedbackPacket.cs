using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>Common layout of RTPFB/PSFB feedback (RFC 4585 §6.1): FMT, sender SSRC, media SSRC, then the FCI.</summary>
public readonly ref struct RtcpFeedbackPacket
{
    public const int FixedLength = 12;

    private RtcpFeedbackPacket(byte packetType, int format, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci)
    {
        PacketType = packetType;
        Format = format;
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        Fci = fci;
    }

    public byte PacketType { get; }
    public int Format { get; }
    public uint SenderSsrc { get; }
    public uint MediaSsrc { get; }

    /// <summary>Feedback control information, padding removed.</summary>
    public ReadOnlySpan<byte> Fci { get; }

    public bool Is(byte packetType, int format) => PacketType == packetType && Format == format;

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpFeedbackPacket feedback)
    {
        feedback = default;
        if (!RtcpHeader.TryRead(packet, out var header)) return false;
        if (header.PacketType is not (RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadSpecificFeedback)) return false;
        if (!RtcpPacketBody.TryGet(packet, header.PacketType, out _, out var body) || body.Length < 8) return false;
        feedback = new RtcpFeedbackPacket(header.PacketType, header.Count,
            BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body.Slice(4)), body.Slice(8));
        return true;
    }

    /// <summary>Writes header and both SSRCs for a feedback packet of <paramref name="packetLength"/> bytes.</summary>
    internal static void WriteFixed(Span<byte> destination, byte packetType, int format, int packetLength, uint senderSsrc, uint mediaSsrc)
    {
        RtcpHeader.Write(destination, format, packetType, packetLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), mediaSsrc);
    }
}
