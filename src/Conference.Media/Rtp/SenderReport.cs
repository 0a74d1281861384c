using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>Sender information of an SR (RFC 3550 §6.4.1): 64-bit NTP time, the matching RTP time, and counts.</summary>
public readonly record struct SenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    public const int Length = 20;

    /// <summary>The middle 32 bits of the NTP timestamp, echoed by receivers as LSR (RFC 3550 §6.4.1).</summary>
    public uint CompactNtp => (uint)(NtpTimestamp >> 16);
}

/// <summary>RTCP sender report (RFC 3550 §6.4.1), read over the packet bytes.</summary>
public readonly ref struct SenderReport
{
    private readonly ReadOnlySpan<byte> _blocks;

    private SenderReport(uint ssrc, SenderInfo info, ReadOnlySpan<byte> blocks, int count)
    {
        Ssrc = ssrc;
        Info = info;
        _blocks = blocks;
        ReportCount = count;
    }

    public uint Ssrc { get; }
    public SenderInfo Info { get; }
    public int ReportCount { get; }

    public ReportBlock GetReportBlock(int index)
    {
        if ((uint)index >= (uint)ReportCount) throw new ArgumentOutOfRangeException(nameof(index));
        return ReportBlock.Read(_blocks.Slice(index * ReportBlock.Length));
    }

    public static bool TryParse(ReadOnlySpan<byte> packet, out SenderReport report)
    {
        report = default;
        if (!RtcpPacketBody.TryGet(packet, RtcpPacketType.SenderReport, out var header, out var body)) return false;
        int needed = 4 + SenderInfo.Length + header.Count * ReportBlock.Length;
        if (body.Length < needed) return false;
        var info = new SenderInfo(
            BinaryPrimitives.ReadUInt64BigEndian(body.Slice(4)),
            BinaryPrimitives.ReadUInt32BigEndian(body.Slice(12)),
            BinaryPrimitives.ReadUInt32BigEndian(body.Slice(16)),
            BinaryPrimitives.ReadUInt32BigEndian(body.Slice(20)));
        report = new SenderReport(BinaryPrimitives.ReadUInt32BigEndian(body), info,
            body.Slice(4 + SenderInfo.Length, header.Count * ReportBlock.Length), header.Count);
        return true;
    }

    public static bool TryWrite(Span<byte> destination, uint ssrc, in SenderInfo info, ReadOnlySpan<ReportBlock> blocks, out int written)
    {
        written = 0;
        int length = RtcpHeader.Length + 4 + SenderInfo.Length + blocks.Length * ReportBlock.Length;
        if (blocks.Length > 31 || destination.Length < length) return false;
        RtcpHeader.Write(destination, blocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8), info.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), info.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), info.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(24), info.OctetCount);
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination.Slice(28 + i * ReportBlock.Length));
        }
        written = length;
        return true;
    }
}
