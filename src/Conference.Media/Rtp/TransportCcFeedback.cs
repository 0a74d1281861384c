using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>Packet status symbols (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).</summary>
public enum TransportCcStatus : byte
{
    NotReceived = 0,
    ReceivedSmallDelta = 1,
    ReceivedLargeOrNegativeDelta = 2,
}

/// <summary>One reported packet: its transport sequence number, status and receive delta in 250 µs ticks.</summary>
public readonly record struct TransportCcPacketResult(ushort SequenceNumber, TransportCcStatus Status, int DeltaTicks)
{
    public const int MicrosecondsPerTick = 250;

    public bool Received => Status != TransportCcStatus.NotReceived;

    public long DeltaMicroseconds => (long)DeltaTicks * MicrosecondsPerTick;
}

/// <summary>The fixed fields of a transport-wide CC feedback (draft-holmer-…-01 §3.1).</summary>
public readonly record struct TransportCcFeedbackHeader(
    uint SenderSsrc, uint MediaSsrc, ushort BaseSequenceNumber, ushort PacketStatusCount,
    int ReferenceTime, byte FeedbackPacketCount)
{
    public const int ReferenceTimeMicroseconds = 64_000;

    /// <summary>Reference time in µs: a signed 24-bit count of 64 ms units.</summary>
    public long ReferenceTimeMicrosecondsValue => (long)ReferenceTime * ReferenceTimeMicroseconds;
}

/// <summary>
/// Transport-wide congestion control feedback, RTPFB FMT 15 (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).
/// Parsing enumerates into a caller buffer; building chooses run-length or status-vector chunks.
/// </summary>
public static class TransportCcFeedback
{
    private const int FixedFciLength = 8;

    public static bool TryReadHeader(ReadOnlySpan<byte> packet, out TransportCcFeedbackHeader header)
    {
        header = default;
        if (!RtcpFeedbackPacket.TryParse(packet, out var fb) ||
            !fb.Is(RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.TransportWideCc) ||
            fb.Fci.Length < FixedFciLength)
        {
            return false;
        }
        var fci = fb.Fci;
        int reference = fci[4] << 16 | fci[5] << 8 | fci[6];
        if ((reference & 0x80_0000) != 0) reference |= unchecked((int)0xFF00_0000);
        header = new TransportCcFeedbackHeader(fb.SenderSsrc, fb.MediaSsrc,
            BinaryPrimitives.ReadUInt16BigEndian(fci), BinaryPrimitives.ReadUInt16BigEndian(fci.Slice(2)), reference, fci[7]);
        return true;
    }

    /// <summary>
    /// Parses header, chunks and deltas. <paramref name="results"/> must hold PacketStatusCount entries
    /// (read it first with <see cref="TryReadHeader"/>); false on any inconsistency.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out TransportCcFeedbackHeader header, Span<TransportCcPacketResult> results, out int resultCount)
    {
        resultCount = 0;
        if (!TryReadHeader(packet, out header) || results.Length < header.PacketStatusCount) return false;
        RtcpFeedbackPacket.TryParse(packet, out var fb);
        var fci = fb.Fci;
        int count = header.PacketStatusCount;
        int position = FixedFciLength;

        // Pass 1: status symbols from the chunks.
        int filled = 0;
        while (filled < count)
        {
            if (position + 2 > fci.Length) return false;
            ushort chunk = BinaryPrimitives.ReadUInt16BigEndian(fci.Slice(position));
            position += 2;
            if ((chunk & 0x8000) == 0)
            {
                // Run-length chunk: T=0, S (2 bits), run length (13 bits).
                int symbol = (chunk >> 13) & 0x03;
                int run = chunk & 0x1FFF;
                if (symbol == 3 || run == 0) return false;
                for (int i = 0; i < run && filled < count; i++, filled++) results[filled] = Status(header, filled, symbol);
            }
            else if ((chunk & 0x4000) == 0)
            {
                // Status vector, 14 one-bit symbols: 0 = not received, 1 = small delta.
                for (int i = 13; i >= 0 && filled < count; i--, filled++) results[filled] = Status(header, filled, (chunk >> i) & 1);
            }
            else
            {
                // Status vector, 7 two-bit symbols.
                for (int i = 6; i >= 0 && filled < count; i--, filled++)
                {
                    int symbol = (chunk >> (2 * i)) & 0x03;
                    if (symbol == 3) return false;
                    results[filled] = Status(header, filled, symbol);
                }
            }
        }

        // Pass 2: receive deltas, one per received packet, in order.
        for (int i = 0; i < count; i++)
        {
            var r = results[i];
            if (r.Status == TransportCcStatus.ReceivedSmallDelta)
            {
                if (position + 1 > fci.Length) return false;
                results[i] = r with { DeltaTicks = fci[position] };
                position += 1;
            }
            else if (r.Status == TransportCcStatus.ReceivedLargeOrNegativeDelta)
            {
                if (position + 2 > fci.Length) return false;
                results[i] = r with { DeltaTicks = BinaryPrimitives.ReadInt16BigEndian(fci.Slice(position)) };
                position += 2;
            }
        }
        resultCount = count;
        return true;
    }

    private static TransportCcPacketResult Status(in TransportCcFeedbackHeader header, int index, int symbol) =>
        new((ushort)(header.BaseSequenceNumber + index), (TransportCcStatus)symbol, 0);

    /// <summary>Upper bound of the packet size for <paramref name="packetCount"/> results (all large deltas, 2-bit vectors).</summary>
    public static int GetMaxLength(int packetCount) =>
        (RtcpFeedbackPacket.FixedLength + FixedFciLength + 2 * ((packetCount + 6) / 7) + 2 * packetCount + 3) & ~3;

    /// <summary>
    /// Writes feedback for consecutive sequence numbers starting at <paramref name="baseSequenceNumber"/>.
    /// A received result's delta chooses the symbol (0..255 ticks small, else large, must fit in 16 bits signed).
    /// </summary>
    public static bool TryWrite(
        Span<byte> destination, uint senderSsrc, uint mediaSsrc, ushort baseSequenceNumber,
        int referenceTime, byte feedbackPacketCount, ReadOnlySpan<TransportCcPacketResult> results, out int written)
    {
        written = 0;
        if (results.IsEmpty || results.Length > ushort.MaxValue) return false;
        if (referenceTime is < -0x80_0000 or > 0x7F_FFFF) return false;
        foreach (var r in results)
        {
            if (r.Received && r.DeltaTicks is < short.MinValue or > short.MaxValue) return false;
        }
        if (destination.Length < RtcpFeedbackPacket.FixedLength + FixedFciLength) return false;

        var fci = destination.Slice(RtcpFeedbackPacket.FixedLength);
        BinaryPrimitives.WriteUInt16BigEndian(fci, baseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(fci.Slice(2), (ushort)results.Length);
        fci[4] = (byte)(referenceTime >> 16);
        fci[5] = (byte)(referenceTime >> 8);
        fci[6] = (byte)referenceTime;
        fci[7] = feedbackPacketCount;
        int position = FixedFciLength;

        if (!TransportCcChunkEncoder.TryWriteChunks(fci, ref position, results)) return false;
        foreach (var r in results)
        {
            int symbol = TransportCcChunkEncoder.Symbol(r);
            if (symbol == 0) continue;
            int size = symbol == 1 ? 1 : 2;
            if (position + size > fci.Length) return false;
            if (symbol == 1) fci[position] = (byte)r.DeltaTicks;
            else BinaryPrimitives.WriteInt16BigEndian(fci.Slice(position), (short)r.DeltaTicks);
            position += size;
        }

        int unpadded = RtcpFeedbackPacket.FixedLength + position;
        int length = (unpadded + 3) & ~3;
        if (destination.Length < length) return false;
        int padding = length - unpadded;
        if (padding > 0)
        {
            // RFC 3550 §6.4.1 padding: zeros, the last octet holding the count.
            destination.Slice(unpadded, padding).Clear();
            destination[length - 1] = (byte)padding;
        }
        RtcpFeedbackPacket.WriteFixed(destination, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.TransportWideCc,
            length, senderSsrc, mediaSsrc);
        if (padding > 0) destination[0] |= 0x20;
        written = length;
        return true;
    }
}
