using Conference.Media.Sctp;

namespace Conference.Media.Tests.Sctp;

/// <summary>
/// Packets captured from real SCTP stacks (Wireshark-decoded captures published with WebRTC's dcSCTP
/// tests, net/dcsctp/packet/sctp_packet_test.cc). They pin down what round-trip tests cannot: the
/// checksum byte order and parameter padding as other implementations put them on the wire.
/// </summary>
public sealed class SctpCapturedPacketTests
{
    // INIT from usrsctp: ECN, Forward-TSN-Supported, Supported Extensions (length 9, padded), AUTH parameters.
    private static readonly byte[] CapturedInit =
    [
        0x13, 0x88, 0x13, 0x88, 0x00, 0x00, 0x00, 0x00, 0xaa, 0x01, 0x9d, 0x33,
        0x01, 0x00, 0x00, 0x5a, 0x0e, 0xdd, 0xca, 0x08, 0x00, 0x02, 0x00, 0x00,
        0x03, 0xe8, 0x03, 0xe8, 0x55, 0x08, 0x36, 0x37, 0x80, 0x00, 0x00, 0x04,
        0xc0, 0x00, 0x00, 0x04, 0x80, 0x08, 0x00, 0x09, 0xc0, 0x0f, 0xc1, 0x80,
        0x82, 0x00, 0x00, 0x00, 0x80, 0x02, 0x00, 0x24, 0xc5, 0xa8, 0x61, 0x55,
        0x09, 0x0e, 0x6f, 0x42, 0x00, 0x50, 0x63, 0x4c, 0xc8, 0xd6, 0xb9, 0x08,
        0xdf, 0xd5, 0x3e, 0x17, 0xc9, 0x9c, 0xb1, 0x43, 0x28, 0x4e, 0xaf, 0x64,
        0x68, 0x2a, 0xc2, 0x97, 0x80, 0x04, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00,
        0x80, 0x03, 0x00, 0x06, 0x80, 0xc1, 0x00, 0x00,
    ];

    [Fact]
    public void Captured_usrsctp_init_parses_with_its_checksum()
    {
        Assert.True(SctpPacket.TryParse(CapturedInit, out SctpPacket? packet));

        Assert.Equal((5000, 5000, 0u), (packet!.SourcePort, packet.DestinationPort, packet.VerificationTag));
        var init = Assert.IsType<SctpInitChunk>(Assert.Single(packet.Chunks));
        Assert.Equal((0x0eddca08u, 131072u, (ushort)1000, (ushort)1000, 1426601527u),
            (init.InitiateTag, init.AdvertisedReceiverWindow, init.OutboundStreams, init.InboundStreams, init.InitialTsn));
        Assert.True(init.SupportsForwardTsn);
        Assert.Equal(new byte[] { 0xc0, 0x0f, 0xc1, 0x80, 0x82 }, init.Find(SctpParameter.SupportedExtensions));
    }

    [Fact]
    public void Our_serializer_reproduces_the_captured_checksum()
    {
        Assert.True(SctpPacket.TryParse(CapturedInit, out SctpPacket? packet));

        Assert.Equal(CapturedInit, packet!.ToArray());
    }

    [Fact]
    public void Association_answers_the_captured_init_with_an_init_ack_to_its_tag()
    {
        byte[]? reply = null;
        using var association = new SctpAssociation(p => reply = p.ToArray());

        association.OnPacket(CapturedInit);

        Assert.NotNull(reply);
        Assert.True(SctpPacket.TryParse(reply, out SctpPacket? answer));
        Assert.Equal(0x0eddca08u, answer!.VerificationTag);
        var initAck = Assert.IsType<SctpInitChunk>(Assert.Single(answer.Chunks));
        Assert.True(initAck.IsAck);
        Assert.NotNull(initAck.StateCookie);
        Assert.True(initAck.SupportsForwardTsn);
    }

    [Fact]
    public void Captured_cookie_ack_bundled_with_sack_parses()
    {
        byte[] data =
        [
            0x04, 0xd2, 0x10, 0xe1, 0x69, 0x7e, 0x3a, 0x4e, 0xc0, 0x6e, 0x8b, 0x36, 0x0b, 0x00, 0x00, 0x04,
            0x03, 0x00, 0x00, 0x10, 0xae, 0xa9, 0x52, 0x52, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ];

        Assert.True(SctpPacket.TryParse(data, out SctpPacket? packet));

        Assert.Equal(0x697e3a4eu, packet!.VerificationTag);
        Assert.Equal(2, packet.Chunks.Count);
        Assert.Equal(SctpChunkType.CookieAck, packet.Chunks[0].Type);
        var sack = Assert.IsType<SctpSackChunk>(packet.Chunks[1]);
        Assert.Equal((2930332242u, 131072u), (sack.CumulativeTsnAck, sack.AdvertisedReceiverWindow));
    }

    [Fact]
    public void Captured_packet_with_a_wrong_checksum_is_rejected()
    {
        byte[] data =
        [
            0x13, 0x88, 0x13, 0x88, 0x0e, 0xdd, 0xca, 0x08, 0x2a, 0x81, 0xf5, 0x31, 0x03, 0x00, 0x00, 0x10,
            0x55, 0x08, 0x36, 0x40, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ];

        Assert.False(SctpPacket.TryParse(data, out _));
    }
}
