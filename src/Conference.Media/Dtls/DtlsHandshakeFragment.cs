namespace Conference.Media.Dtls;

/// <summary>The handshake fragment a datagram's first DTLS record carries (RFC 6347 §4.2.2), read without BouncyCastle.</summary>
internal static class DtlsHandshakeFragment
{
    private const int RecordHeader = 13, MessageHeader = 12;

    /// <summary>
    /// True when both datagrams start with the same fragment (message type and sequence, fragment offset and length): a
    /// retransmission of it. Two fragments of one message (a ClientHello too big for one datagram) are not the same. A
    /// datagram that does not start with a plaintext handshake record is taken for the same as any other.
    /// </summary>
    public static bool Same(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (!TryKey(a, out ReadOnlySpan<byte> keyA) || !TryKey(b, out ReadOnlySpan<byte> keyB)) return true;
        return keyA[0] == keyB[0] && keyA[4..].SequenceEqual(keyB[4..]);
    }

    // The message header: type (1), length (3), message_seq (2), fragment_offset (3), fragment_length (3).
    private static bool TryKey(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> key)
    {
        key = default;
        const byte handshake = 22;
        if (datagram.Length < RecordHeader + MessageHeader || datagram[0] != handshake || datagram[3] != 0 || datagram[4] != 0) return false;
        key = datagram.Slice(RecordHeader, MessageHeader);
        return true;
    }
}
