using Conference.Media.Rtp;

namespace Conference.Media.Tests.Sfu.Congestion;

public sealed class TransportWideStampTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_copy_carries_only_the_transport_wide_number_and_the_same_payload(bool withPublisherExtensions)
    {
        var source = new byte[200];
        int length = RtpPacketWriterFixture(source, withPublisherExtensions);
        Assert.True(RtpPacket.TryParse(source.AsSpan(0, length), out var header));
        var copy = new byte[300];

        Assert.True(TransportWideStamp.TryWrite(source.AsSpan(0, length), header, copy, 3, 0xABCD, out int written));

        Assert.True(RtpPacket.TryParse(copy.AsSpan(0, written), out var stamped));
        Assert.True(RtpHeaderExtensions.TryGetValue(copy.AsSpan(0, written), stamped, 3, out var value));
        Assert.True(TransportSequenceNumber.TryRead(value, out ushort seq));
        Assert.Equal(0xABCD, seq);
        Assert.False(RtpHeaderExtensions.TryGetValue(copy.AsSpan(0, written), stamped, 1, out _)); // the publisher's gone
        Assert.Equal(header.SequenceNumber, stamped.SequenceNumber);
        Assert.Equal(header.Ssrc, stamped.Ssrc);
        Assert.Equal(header.Marker, stamped.Marker);
        Assert.True(header.GetPayload(source.AsSpan(0, length)).SequenceEqual(stamped.GetPayload(copy.AsSpan(0, written))));
        Assert.Equal(header.PaddingLength, stamped.PaddingLength);
    }

    [Fact]
    public void Ids_outside_one_byte_elements_and_small_destinations_are_refused()
    {
        var source = new byte[200];
        int length = RtpPacketWriterFixture(source, false);
        RtpPacket.TryParse(source.AsSpan(0, length), out var header);
        Assert.False(TransportWideStamp.TryWrite(source.AsSpan(0, length), header, new byte[300], 15, 1, out _));
        Assert.False(TransportWideStamp.TryWrite(source.AsSpan(0, length), header, new byte[length], 3, 1, out _));
    }

    // V=2, P=1 (4 padding octets), X as asked (a one-byte element id 1 = audio level), M=1, PT 96, 100 payload octets.
    private static int RtpPacketWriterFixture(Span<byte> packet, bool extensions)
    {
        packet[0] = (byte)(0xA0 | (extensions ? 0x10 : 0));
        packet[1] = 0x80 | 96;
        packet[2] = 0x12; packet[3] = 0x34;
        packet[4] = 0; packet[5] = 0; packet[6] = 0x10; packet[7] = 0;
        packet[8] = 0xDE; packet[9] = 0xAD; packet[10] = 0xBE; packet[11] = 0xEF;
        int offset = 12;
        if (extensions)
        {
            packet[12] = 0xBE; packet[13] = 0xDE; packet[14] = 0; packet[15] = 1;
            packet[16] = 0x10; packet[17] = 0x7F; packet[18] = 0; packet[19] = 0;
            offset = 20;
        }
        for (int i = 0; i < 100; i++) packet[offset + i] = (byte)i;
        offset += 100;
        packet[offset++] = 0; packet[offset++] = 0; packet[offset++] = 0; packet[offset++] = 4;
        return offset;
    }
}
