using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>
/// Writes a copy of an RTP packet whose header extension block holds exactly one element: the transport-wide
/// sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2) under the id the receiver negotiated.
/// An SFU forwards packets whose extension elements carry the publisher's ids, which mean nothing (or something else)
/// to the subscriber; replacing the block drops them and makes room for the number in the same copy.
/// </summary>
public static class TransportWideStamp
{
    /// <summary>The block written: the 0xBEDE header (RFC 8285 §4.2) and one 4-byte word (id/len, 2-byte value, 1 padding).</summary>
    public const int BlockLength = 8;

    /// <summary>
    /// Copies <paramref name="packet"/> (parsed as <paramref name="header"/>) into <paramref name="destination"/> with the
    /// block replaced; false when the id is not a one-byte id (1..14) or the destination is too small.
    /// </summary>
    public static bool TryWrite(ReadOnlySpan<byte> packet, in RtpHeader header, Span<byte> destination, int extensionId,
        ushort sequenceNumber, out int written)
    {
        written = 0;
        if (extensionId is < 1 or > 14) return false;
        int fixedLength = 12 + 4 * header.CsrcCount;
        int tail = packet.Length - header.PayloadOffset; // payload and padding, unchanged
        int length = fixedLength + BlockLength + tail;
        if (destination.Length < length || tail < 0) return false;

        packet[..fixedLength].CopyTo(destination);
        destination[0] |= 0x10; // X
        BinaryPrimitives.WriteUInt16BigEndian(destination[fixedLength..], RtpHeaderExtensions.OneByteProfile);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(fixedLength + 2)..], 1); // one 32-bit word
        destination[fixedLength + 4] = (byte)(extensionId << 4 | (TransportSequenceNumber.ValueLength - 1));
        TransportSequenceNumber.Write(destination[(fixedLength + 5)..], sequenceNumber);
        destination[fixedLength + 7] = 0;
        packet[header.PayloadOffset..].CopyTo(destination[(fixedLength + BlockLength)..]);
        written = length;
        return true;
    }
}
