using System.Buffers.Binary;

namespace Conference.EndToEnd.Tests.Media;

/// <summary>
/// The RTP fields the interop tests compare, read here independently of Conference.Media's parser so that a
/// bug there cannot hide itself (RFC 3550 §5.1; header extension RFC 3550 §5.3.1; padding §5.1 P bit).
/// </summary>
public readonly record struct RtpFields(byte PayloadType, bool Marker, ushort SequenceNumber, uint Timestamp, uint Ssrc, byte[] Payload)
{
    public static RtpFields Parse(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12 || packet[0] >> 6 != 2) throw new FormatException($"not RTP ({packet.Length} bytes)");
        int offset = 12 + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0)
        {
            int words = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            offset += 4 + 4 * words;
        }
        int end = packet.Length;
        if ((packet[0] & 0x20) != 0) end -= packet[^1];
        if (offset > end) throw new FormatException("RTP header longer than the packet");
        return new RtpFields(
            (byte)(packet[1] & 0x7F),
            (packet[1] & 0x80) != 0,
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[8..]),
            packet[offset..end].ToArray());
    }

    /// <summary>A minimal RTP packet: no CSRCs, no extension, no padding.</summary>
    public static byte[] Build(byte payloadType, bool marker, ushort sequenceNumber, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        packet[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        payload.CopyTo(packet.AsSpan(12));
        return packet;
    }

    /// <summary>Deterministic, position-dependent bytes: a shifted or truncated copy never compares equal.</summary>
    public static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)(i * 31 + seed * 7 + (i >> 8));
        return bytes;
    }
}
