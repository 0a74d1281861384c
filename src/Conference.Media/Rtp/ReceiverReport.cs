using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>RTCP receiver report (RFC 3550 §6.4.2), read over the packet bytes.</summary>
public readonly ref struct ReceiverReport
{
    private readonly ReadOnlySpan<byte> _blocks;

    private ReceiverReport(uint ssrc, ReadOnlySpan<byte> blocks, int count)
    {
        Ssrc = ssrc;
        _blocks = blocks;
        ReportCount = count;
    }

    public uint Ssrc { get; }
    public int ReportCount { get; }

    public ReportBlock GetReportBlock(int index)
    {
        if ((uint)index >= (uint)ReportCount) throw new ArgumentOutOfRangeException(nameof(index));
        return ReportBlock.Read(_blocks.Slice(index * ReportBlock.Length));
    }

    public static bool TryParse(ReadOnlySpan<byte> packet, out ReceiverReport report)
    {
        report = default;
        if (!RtcpPacketBody.TryGet(packet, RtcpPacketType.ReceiverReport, out var header, out var body)) return false;
        if (body.Length < 4 + header.Count * ReportBlock.Length) return false;
        report = new ReceiverReport(BinaryPrimitives.ReadUInt32BigEndian(body),
            body.Slice(4, header.Count * ReportBlock.Length), header.Count);
        return true;
    }

    public static bool TryWrite(Span<byte> destination, uint ssrc, ReadOnlySpan<ReportBlock> blocks, out int written)
    {
        written = 0;
        int length = RtcpHeader.Length + 4 + blocks.Length * ReportBlock.Length;
        if (blocks.Length > 31 || destination.Length < length) return false;
        RtcpHeader.Write(destination, blocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination.Slice(8 + i * ReportBlock.Length));
        }
        written = length;
        return true;
    }
}
