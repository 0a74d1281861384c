using Conference.Media.Rtp;

namespace Conference.Media.Tests.Rtp;

public sealed class RtpHeaderExtensionTests
{
    // RFC 8285 §4.2: 0xBEDE, length 2 words; element id 1 (L=0, one byte), element id 2 (L=2, three bytes), padding.
    private static readonly byte[] OneBytePacket =
    [
        0x90, 0x6F, 0x00, 0x05, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x0A,
        0xBE, 0xDE, 0x00, 0x02,
        0x10, 0xAA, 0x22, 0x01, 0x02, 0x03, 0x00, 0x00,
        0xFF,
    ];

    // RFC 8285 §4.3: 0x1000, element id 20 with 2 bytes, element id 1 with 0 bytes, padding.
    private static readonly byte[] TwoBytePacket =
    [
        0x90, 0x60, 0x00, 0x05, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x0A,
        0x10, 0x00, 0x00, 0x02,
        0x14, 0x02, 0xAB, 0xCD, 0x01, 0x00, 0x00, 0x00,
        0xEE,
    ];

    [Fact]
    public void Reads_one_byte_elements()
    {
        Assert.True(RtpPacket.TryParse(OneBytePacket, out var h));
        Assert.True(h.HasOneByteExtensions);
        Assert.Equal(16, h.ExtensionOffset);
        Assert.Equal(8, h.ExtensionLength);
        Assert.Equal(24, h.PayloadOffset);
        Assert.True(RtpHeaderExtensions.TryGetValue(OneBytePacket, h, 1, out var one));
        Assert.Equal(new byte[] { 0xAA }, one.ToArray());
        Assert.True(RtpHeaderExtensions.TryGetValue(OneBytePacket, h, 2, out var two));
        Assert.Equal(new byte[] { 1, 2, 3 }, two.ToArray());
        Assert.False(RtpHeaderExtensions.TryGetValue(OneBytePacket, h, 3, out _));
    }

    [Fact]
    public void Reads_two_byte_elements_including_empty_ones()
    {
        Assert.True(RtpPacket.TryParse(TwoBytePacket, out var h));
        Assert.True(h.HasTwoByteExtensions);
        Assert.True(RtpHeaderExtensions.TryGetValue(TwoBytePacket, h, 20, out var v));
        Assert.Equal(new byte[] { 0xAB, 0xCD }, v.ToArray());
        Assert.True(RtpHeaderExtensions.TryFind(TwoBytePacket, h, 1, out _, out int len));
        Assert.Equal(0, len);
    }

    [Fact]
    public void Padding_bytes_between_elements_are_skipped()
    {
        // RFC 8285 §4.2: zero bytes may sit between elements; id 0 is never a real element.
        byte[] packet =
        [
            0x90, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1,
            0xBE, 0xDE, 0x00, 0x02, 0x00, 0x00, 0x10, 0xAA, 0x00, 0x21, 0xBB, 0xCC,
        ];
        Assert.True(RtpPacket.TryParse(packet, out var h));
        var reader = new RtpHeaderExtensionReader(packet, h);
        var ids = new List<int>();
        while (reader.TryReadNext(out var e)) ids.Add(e.Id);
        Assert.Equal(new[] { 1, 2 }, ids);
        Assert.True(RtpHeaderExtensions.TryGetValue(packet, h, 2, out var v));
        Assert.Equal(new byte[] { 0xBB, 0xCC }, v.ToArray());
    }

    [Fact]
    public void Id_15_stops_one_byte_processing()
    {
        byte[] packet =
        [
            0x90, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1,
            0xBE, 0xDE, 0x00, 0x01, 0xF0, 0x10, 0xAA, 0x00,
        ];
        Assert.True(RtpPacket.TryParse(packet, out var h));
        Assert.False(RtpHeaderExtensions.TryFind(packet, h, 1, out _, out _));
    }

    [Fact]
    public void Writer_builds_packet_that_parses_back_with_typed_values()
    {
        var buffer = new byte[128];
        var w = new RtpPacketWriter(buffer, 111, 65000, 48000, 0xAABBCCDD, marker: true, csrcs: [7u]);
        Span<byte> value = stackalloc byte[3];
        AbsSendTime.Write(value, 0x123456);
        Assert.True(w.TryAddExtension(2, value));
        TransportSequenceNumber.Write(value, 4242);
        Assert.True(w.TryAddExtension(3, value[..2]));
        new AudioLevel(true, 42).Write(value);
        Assert.True(w.TryAddExtension(1, value[..1]));
        Span<byte> mid = stackalloc byte[8];
        int midLength = RtpStreamIdentifiers.Write(mid, "0");
        Assert.True(w.TryAddExtension(4, mid[..midLength]));
        Assert.False(w.TryAddExtension(15, value[..1])); // one-byte form ids are 1..14
        Assert.True(w.TryComplete([9, 8, 7], out int length));

        var packet = buffer.AsSpan(0, length);
        Assert.True(RtpPacket.TryParse(packet, out var h));
        Assert.Equal(111, h.PayloadType);
        Assert.True(h.Marker);
        Assert.Equal(65000, h.SequenceNumber);
        Assert.Equal(7u, h.GetCsrc(packet, 0));
        Assert.Equal(0, h.ExtensionLength % 4);
        Assert.True(RtpHeaderExtensions.TryGetValue(packet, h, 2, out var abs));
        Assert.True(AbsSendTime.TryRead(abs, out uint sendTime));
        Assert.Equal(0x123456u, sendTime);
        Assert.True(RtpHeaderExtensions.TryGetValue(packet, h, 3, out var tcc));
        Assert.True(TransportSequenceNumber.TryRead(tcc, out ushort seq));
        Assert.Equal(4242, seq);
        Assert.True(RtpHeaderExtensions.TryGetValue(packet, h, 1, out var level));
        Assert.True(AudioLevel.TryRead(level, out var audio));
        Assert.Equal(new AudioLevel(true, 42), audio);
        Assert.True(RtpHeaderExtensions.TryGetValue(packet, h, 4, out var midValue));
        Assert.True(RtpStreamIdentifiers.Matches(midValue, "0"));
        Assert.True(RtpStreamIdentifiers.TryRead(midValue, out string midText));
        Assert.Equal("0", midText);
        Assert.Equal(new byte[] { 9, 8, 7 }, h.GetPayload(packet).ToArray());

        Assert.True(RtpHeaderExtensions.TryRewriteTransportSequenceNumber(packet, h, 3, 7));
        Assert.True(RtpHeaderExtensions.TryGetValue(packet, h, 3, out tcc));
        Assert.True(TransportSequenceNumber.TryRead(tcc, out seq));
        Assert.Equal(7, seq);
        Assert.False(RtpHeaderExtensions.TryRewriteTransportSequenceNumber(packet, h, 2, 7)); // wrong length
    }

    [Fact]
    public void Two_byte_writer_allows_large_ids_and_empty_values()
    {
        var buffer = new byte[64];
        var w = new RtpPacketWriter(buffer, 96, 1, 2, 3, twoByteExtensions: true);
        Assert.True(w.TryAddExtension(200, [1, 2, 3, 4, 5]));
        Assert.True(w.TryAddExtension(5, ReadOnlySpan<byte>.Empty));
        Assert.True(w.TryComplete([], out int length));
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out var h));
        Assert.True(h.HasTwoByteExtensions);
        Assert.True(RtpHeaderExtensions.TryGetValue(buffer.AsSpan(0, length), h, 200, out var v));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, v.ToArray());
        Assert.True(RtpHeaderExtensions.TryFind(buffer.AsSpan(0, length), h, 5, out _, out int len));
        Assert.Equal(0, len);
    }

    [Fact]
    public void Writer_fails_when_buffer_is_too_small()
    {
        var w = new RtpPacketWriter(new byte[20], 96, 1, 2, 3);
        Assert.True(w.TryAddExtension(1, [1, 2]));
        Assert.False(w.TryComplete(new byte[10], out _));
        var tiny = new RtpPacketWriter(new byte[8], 96, 1, 2, 3);
        Assert.False(tiny.TryComplete([], out _));
    }

    [Fact]
    public void Abs_send_time_converts_from_ntp_and_microseconds()
    {
        // 1.5 s: 6.18 fixed point = 1.5 * 2^18 = 0x60000.
        Assert.Equal(0x60000u, AbsSendTime.FromMicroseconds(1_500_000));
        ulong ntp = (1UL << 32) + (1UL << 31); // 1.5 s in NTP 32.32
        Assert.Equal(0x60000u, AbsSendTime.FromNtp(ntp));
        Assert.Equal(0u, AbsSendTime.FromMicroseconds(64_000_000)); // wraps every 64 s
        Assert.Equal(0x60000u, AbsSendTime.FromMicroseconds(long.MaxValue / 64_000_000 * 64_000_000 + 1_500_000)); // no overflow
    }
}
