using Conference.Media.Rtp;

namespace Conference.Media.Tests.Rtp;

public sealed class RtpPacketTests
{
    // RFC 3550 §5.1 layout: V=2 P X CC | M PT | seq | timestamp | SSRC | CSRC... | payload
    private static readonly byte[] PlainPacket =
    [
        0x80, 0xE0, 0x12, 0x34, 0x00, 0x00, 0x10, 0x00, 0xDE, 0xAD, 0xBE, 0xEF,
        0x01, 0x02, 0x03,
    ];

    [Fact]
    public void Parses_fixed_header_fields()
    {
        Assert.True(RtpPacket.TryParse(PlainPacket, out var h));
        Assert.Equal(2, h.Version);
        Assert.False(h.HasPadding);
        Assert.False(h.HasExtension);
        Assert.True(h.Marker);
        Assert.Equal(96, h.PayloadType);
        Assert.Equal(0x1234, h.SequenceNumber);
        Assert.Equal(4096u, h.Timestamp);
        Assert.Equal(0xDEADBEEFu, h.Ssrc);
        Assert.Equal(12, h.PayloadOffset);
        Assert.Equal(new byte[] { 1, 2, 3 }, h.GetPayload(PlainPacket).ToArray());
    }

    [Fact]
    public void Parses_csrcs_and_strips_padding()
    {
        byte[] packet =
        [
            0xA2, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03,
            0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22, // two CSRCs
            0xAA, 0xBB, 0x00, 0x00, 0x03,                  // payload AA BB, 3 bytes of padding (RFC 3550 §5.1)
        ];
        Assert.True(RtpPacket.TryParse(packet, out var h));
        Assert.True(h.HasPadding);
        Assert.Equal(2, h.CsrcCount);
        Assert.Equal(0x11111111u, h.GetCsrc(packet, 0));
        Assert.Equal(0x22222222u, h.GetCsrc(packet, 1));
        Assert.Equal(8, h.PayloadType);
        Assert.Equal(3, h.PaddingLength);
        Assert.Equal(new byte[] { 0xAA, 0xBB }, h.GetPayload(packet).ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0 })]                    // shorter than 12
    [InlineData(new byte[] { 0x40, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 })]                 // version 1
    [InlineData(new byte[] { 0x81, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 })]                 // CSRC beyond end
    [InlineData(new byte[] { 0x90, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xBE, 0xDE, 0, 1 })] // extension beyond end
    [InlineData(new byte[] { 0xA0, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xAA, 0x00 })]     // padding count 0
    [InlineData(new byte[] { 0xA0, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xAA, 0x09 })]     // padding larger than payload
    public void Rejects_malformed_packets(byte[] packet) => Assert.False(RtpPacket.TryParse(packet, out _));

    [Fact]
    public void Rewrites_header_fields_in_place_keeping_the_rest()
    {
        var packet = (byte[])PlainPacket.Clone();
        RtpPacket.SetSsrc(packet, 0x01020304);
        RtpPacket.SetSequenceNumber(packet, 0xFFFE);
        RtpPacket.SetTimestamp(packet, 0xCAFEBABE);
        RtpPacket.SetPayloadType(packet, 111);
        Assert.True(RtpPacket.TryParse(packet, out var h));
        Assert.Equal(0x01020304u, h.Ssrc);
        Assert.Equal(0xFFFE, h.SequenceNumber);
        Assert.Equal(0xCAFEBABEu, h.Timestamp);
        Assert.Equal(111, h.PayloadType);
        Assert.True(h.Marker);
        RtpPacket.SetMarker(packet, false);
        Assert.True(RtpPacket.TryParse(packet, out h));
        Assert.False(h.Marker);
        Assert.Equal(111, h.PayloadType);
        Assert.Equal(new byte[] { 1, 2, 3 }, h.GetPayload(packet).ToArray());
    }

    [Fact]
    public void Demultiplexes_rtp_from_rtcp_by_second_byte()
    {
        Assert.True(RtpPacket.LooksLikeRtp(PlainPacket));
        byte[] rr = [0x80, 201, 0x00, 0x01, 0, 0, 0, 1, 0, 0, 0, 0];
        Assert.False(RtpPacket.LooksLikeRtp(rr));
        Assert.True(RtcpCompoundReader.LooksLikeRtcp(rr));
        Assert.False(RtcpCompoundReader.LooksLikeRtcp(PlainPacket));
    }

    [Fact]
    public void Parse_and_in_place_rewrite_do_not_allocate()
    {
        var packet = new byte[200];
        var writer = new RtpPacketWriter(packet, 96, 1, 1000, 0x1234);
        Span<byte> tcc = stackalloc byte[2];
        Assert.True(writer.TryAddExtension(3, tcc));
        Assert.True(writer.TryComplete(new byte[100], out int length));
        var span = packet.AsSpan(0, length);

        uint checksum = Loop(span, 1000); // warm-up: JIT and tiering
        long before = GC.GetAllocatedBytesForCurrentThread();
        checksum += Loop(span, 10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0u, checksum);

        static uint Loop(Span<byte> packet, int iterations)
        {
            uint sum = 0;
            for (int i = 0; i < iterations; i++)
            {
                if (!RtpPacket.TryParse(packet, out var h)) return 0;
                RtpPacket.SetSsrc(packet, h.Ssrc + 1);
                RtpPacket.SetSequenceNumber(packet, (ushort)(h.SequenceNumber + 1));
                RtpPacket.SetTimestamp(packet, h.Timestamp + 960);
                RtpPacket.SetPayloadType(packet, 100);
                if (!RtpHeaderExtensions.TryRewriteTransportSequenceNumber(packet, h, 3, (ushort)i)) return 0;
                sum += h.Ssrc;
            }
            return sum;
        }
    }
}
