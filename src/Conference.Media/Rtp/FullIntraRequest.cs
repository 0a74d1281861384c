using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>One FIR request: the media sender asked for a keyframe and the command sequence number (RFC 5104 §4.3.1.1).</summary>
public readonly record struct FullIntraRequestEntry(uint Ssrc, byte SequenceNumber);

/// <summary>FIR (RFC 5104 §4.3.1): PSFB FMT 4, media SSRC 0, FCI entries of SSRC + seq nr + 24 reserved bits.</summary>
public readonly ref struct FullIntraRequest
{
    private const int EntryLength = 8;
    private readonly ReadOnlySpan<byte> _fci;

    private FullIntraRequest(uint senderSsrc, ReadOnlySpan<byte> fci)
    {
        SenderSsrc = senderSsrc;
        _fci = fci;
    }

    public uint SenderSsrc { get; }
    public int EntryCount => _fci.Length / EntryLength;

    public FullIntraRequestEntry GetEntry(int index)
    {
        if ((uint)index >= (uint)EntryCount) throw new ArgumentOutOfRangeException(nameof(index));
        var entry = _fci.Slice(index * EntryLength);
        return new FullIntraRequestEntry(BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    public static bool TryParse(ReadOnlySpan<byte> packet, out FullIntraRequest fir)
    {
        fir = default;
        if (!RtcpFeedbackPacket.TryParse(packet, out var fb) ||
            !fb.Is(RtcpPacketType.PayloadSpecificFeedback, RtcpFeedbackFormat.FullIntraRequest) ||
            fb.Fci.Length < EntryLength)
        {
            return false;
        }
        fir = new FullIntraRequest(fb.SenderSsrc, fb.Fci);
        return true;
    }

    public static bool TryWrite(Span<byte> destination, uint senderSsrc, ReadOnlySpan<FullIntraRequestEntry> entries, out int written)
    {
        written = 0;
        int length = RtcpFeedbackPacket.FixedLength + entries.Length * EntryLength;
        if (entries.IsEmpty || destination.Length < length) return false;
        // RFC 5104 §4.3.1.2: the media source SSRC field is unused and SHALL be 0.
        RtcpFeedbackPacket.WriteFixed(destination, RtcpPacketType.PayloadSpecificFeedback,
            RtcpFeedbackFormat.FullIntraRequest, length, senderSsrc, 0);
        for (int i = 0; i < entries.Length; i++)
        {
            var at = destination.Slice(RtcpFeedbackPacket.FixedLength + i * EntryLength, EntryLength);
            BinaryPrimitives.WriteUInt32BigEndian(at, entries[i].Ssrc);
            at[4] = entries[i].SequenceNumber;
            at.Slice(5).Clear();
        }
        written = length;
        return true;
    }
}
