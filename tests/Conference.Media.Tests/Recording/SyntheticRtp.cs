using System.Buffers.Binary;

namespace Conference.Media.Tests.Recording;

/// <summary>One RTP packet as a sender would emit it, with the time it "arrives" at the recorder.</summary>
internal sealed record RtpSend(byte[] Packet, long ArrivalMs)
{
    public ushort Sequence => BinaryPrimitives.ReadUInt16BigEndian(Packet.AsSpan(2));
}

/// <summary>Packetises encoded frames as a browser does: VP8 (RFC 7741 descriptor with a 15-bit PictureID), VP9 (RFC 9628, non-flexible, no layers), H.264 (RFC 6184 STAP-A, single NAL, FU-A), Opus (one frame per packet).</summary>
internal sealed class SyntheticRtp(byte payloadType, uint ssrc, ushort firstSequence, uint firstTimestamp)
{
    private const int MaxPayload = 1100;
    private ushort _sequence = firstSequence;
    private ushort _pictureId;

    public uint Ssrc { get; set; } = ssrc;
    public uint Timestamp { get; set; } = firstTimestamp;
    public ushort Sequence { get => _sequence; set => _sequence = value; }

    public List<RtpSend> Vp8Frame(byte[] frame, long arrivalMs)
    {
        var packets = new List<RtpSend>();
        for (int offset = 0; offset < frame.Length; offset += MaxPayload)
        {
            int length = Math.Min(MaxPayload, frame.Length - offset);
            byte[] descriptor = [(byte)(0x80 | (offset == 0 ? 0x10 : 0)), 0x80, (byte)(0x80 | (_pictureId >> 8 & 0x7F)), (byte)_pictureId];
            packets.Add(new RtpSend(Build(descriptor, frame.AsSpan(offset, length), offset + length == frame.Length), arrivalMs));
        }
        _pictureId = (ushort)((_pictureId + 1) & 0x7FFF);
        return packets;
    }

    public List<RtpSend> Vp9Frame(byte[] frame, bool keyframe, long arrivalMs)
    {
        var packets = new List<RtpSend>();
        for (int offset = 0; offset < frame.Length; offset += MaxPayload)
        {
            int length = Math.Min(MaxPayload, frame.Length - offset);
            bool last = offset + length == frame.Length;
            byte first = (byte)(0x80 | (keyframe ? 0 : 0x40) | (offset == 0 ? 0x08 : 0) | (last ? 0x04 : 0));
            byte[] descriptor = [first, (byte)(0x80 | (_pictureId >> 8 & 0x7F)), (byte)_pictureId];
            packets.Add(new RtpSend(Build(descriptor, frame.AsSpan(offset, length), last), arrivalMs));
        }
        _pictureId = (ushort)((_pictureId + 1) & 0x7FFF);
        return packets;
    }

    /// <summary>
    /// RFC 6184 packetization-mode 1 as a browser sends it: the small NAL units before the first slice (SPS, PPS,
    /// SEI) aggregated in one STAP-A, a NAL unit that fits sent alone, a larger one in FU-A fragments; the marker
    /// on the access unit's last packet.
    /// </summary>
    public List<RtpSend> H264AccessUnit(List<byte[]> nals, long arrivalMs)
    {
        var payloads = new List<byte[]>();
        var aggregated = nals.TakeWhile(n => (n[0] & 0x1F) is 6 or 7 or 8).ToList();
        if (aggregated.Count > 1)
        {
            var stap = new List<byte> { (byte)(0x18 | aggregated.Max(n => n[0] & 0x60)) };
            foreach (var nal in aggregated) stap.AddRange([(byte)(nal.Length >> 8), (byte)nal.Length, .. nal]);
            payloads.Add(stap.ToArray());
        }
        else aggregated.Clear();
        foreach (var nal in nals.Skip(aggregated.Count))
        {
            if (nal.Length <= MaxPayload)
            {
                payloads.Add(nal);
                continue;
            }
            for (int offset = 1; offset < nal.Length; offset += MaxPayload)
            {
                int length = Math.Min(MaxPayload, nal.Length - offset);
                byte indicator = (byte)((nal[0] & 0xE0) | 28);
                byte header = (byte)((offset == 1 ? 0x80 : 0) | (offset + length == nal.Length ? 0x40 : 0) | (nal[0] & 0x1F));
                payloads.Add([indicator, header, .. nal.AsSpan(offset, length)]);
            }
        }
        return payloads.Select((p, i) => new RtpSend(Build([], p, marker: i == payloads.Count - 1), arrivalMs)).ToList();
    }

    public RtpSend Opus(byte[] frame, long arrivalMs) => new(Build([], frame, marker: false), arrivalMs);

    private byte[] Build(ReadOnlySpan<byte> descriptor, ReadOnlySpan<byte> payload, bool marker)
    {
        var packet = new byte[12 + descriptor.Length + payload.Length];
        packet[0] = 0x80;
        packet[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), Ssrc);
        descriptor.CopyTo(packet.AsSpan(12));
        payload.CopyTo(packet.AsSpan(12 + descriptor.Length));
        return packet;
    }
}
