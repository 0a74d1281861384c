using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>One DLRR sub-block (RFC 3611 §4.5): a receiver's SSRC, its last RRTR (middle 32 NTP bits) and the delay since, in 1/65536 s.</summary>
public readonly record struct DlrrItem(uint Ssrc, uint LastReceiverReport, uint DelaySinceLastReceiverReport);

/// <summary>
/// RTCP XR (RFC 3611), the two blocks WebRTC uses to measure round-trip time from a receive-only side:
/// Receiver Reference Time (§4.4, BT=4) and DLRR (§4.5, BT=5). Other block types are skipped.
/// </summary>
public ref struct ExtendedReport
{
    public const byte ReceiverReferenceTimeBlock = 4;
    public const byte DlrrBlock = 5;

    private readonly ReadOnlySpan<byte> _blocks;
    private int _offset;

    private ExtendedReport(uint senderSsrc, ReadOnlySpan<byte> blocks)
    {
        SenderSsrc = senderSsrc;
        _blocks = blocks;
        _offset = 0;
    }

    public uint SenderSsrc { get; }

    public static bool TryParse(ReadOnlySpan<byte> packet, out ExtendedReport report)
    {
        report = default;
        if (!RtcpPacketBody.TryGet(packet, RtcpPacketType.ExtendedReport, out _, out var body) || body.Length < 4) return false;
        report = new ExtendedReport(BinaryPrimitives.ReadUInt32BigEndian(body), body.Slice(4));
        return true;
    }

    /// <summary>Next report block: type, type-specific byte and contents after the 4-byte block header. False at the end or if malformed.</summary>
    public bool TryReadBlock(out byte blockType, out ReadOnlySpan<byte> contents)
    {
        blockType = 0;
        contents = default;
        if (_offset + 4 > _blocks.Length) return false;
        int length = BinaryPrimitives.ReadUInt16BigEndian(_blocks.Slice(_offset + 2)) * 4;
        if (_offset + 4 + length > _blocks.Length)
        {
            _offset = _blocks.Length;
            return false;
        }
        blockType = _blocks[_offset];
        contents = _blocks.Slice(_offset + 4, length);
        _offset += 4 + length;
        return true;
    }

    public static bool TryReadReceiverReferenceTime(ReadOnlySpan<byte> contents, out ulong ntpTimestamp)
    {
        ntpTimestamp = 0;
        if (contents.Length != 8) return false;
        ntpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(contents);
        return true;
    }

    /// <summary>Reads DLRR sub-blocks into the destination; returns how many were written.</summary>
    public static int ReadDlrrItems(ReadOnlySpan<byte> contents, Span<DlrrItem> destination)
    {
        int count = Math.Min(contents.Length / 12, destination.Length);
        for (int i = 0; i < count; i++)
        {
            var item = contents.Slice(i * 12);
            destination[i] = new DlrrItem(
                BinaryPrimitives.ReadUInt32BigEndian(item),
                BinaryPrimitives.ReadUInt32BigEndian(item.Slice(4)),
                BinaryPrimitives.ReadUInt32BigEndian(item.Slice(8)));
        }
        return count;
    }

    public static bool TryWriteReceiverReferenceTime(Span<byte> destination, uint senderSsrc, ulong ntpTimestamp, out int written)
    {
        written = 0;
        const int length = 4 + 4 + 4 + 8;
        if (destination.Length < length) return false;
        RtcpHeader.Write(destination, 0, RtcpPacketType.ExtendedReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), senderSsrc);
        destination[8] = ReceiverReferenceTimeBlock;
        destination[9] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(10), 2);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(12), ntpTimestamp);
        written = length;
        return true;
    }

    public static bool TryWriteDlrr(Span<byte> destination, uint senderSsrc, ReadOnlySpan<DlrrItem> items, out int written)
    {
        written = 0;
        int length = 4 + 4 + 4 + items.Length * 12;
        if (items.IsEmpty || items.Length * 3 > ushort.MaxValue || destination.Length < length) return false;
        RtcpHeader.Write(destination, 0, RtcpPacketType.ExtendedReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), senderSsrc);
        destination[8] = DlrrBlock;
        destination[9] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(10), (ushort)(items.Length * 3));
        for (int i = 0; i < items.Length; i++)
        {
            var at = destination.Slice(12 + i * 12);
            BinaryPrimitives.WriteUInt32BigEndian(at, items[i].Ssrc);
            BinaryPrimitives.WriteUInt32BigEndian(at.Slice(4), items[i].LastReceiverReport);
            BinaryPrimitives.WriteUInt32BigEndian(at.Slice(8), items[i].DelaySinceLastReceiverReport);
        }
        written = length;
        return true;
    }
}
