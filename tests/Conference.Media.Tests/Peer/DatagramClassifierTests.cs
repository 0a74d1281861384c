using Conference.Media.Transport;

namespace Conference.Media.Tests.Peer;

/// <summary>RFC 7983 §7 first-byte ranges and the RFC 5761 §4 RTP/RTCP split.</summary>
public sealed class DatagramClassifierTests
{
    [Theory]
    [InlineData(0x00, 0x01, DatagramKind.Stun)]   // Binding request
    [InlineData(0x01, 0x01, DatagramKind.Stun)]   // Binding success
    [InlineData(0x03, 0x00, DatagramKind.Stun)]
    [InlineData(0x04, 0x00, DatagramKind.Unknown)] // ZRTP range / reserved
    [InlineData(19, 0x00, DatagramKind.Unknown)]
    [InlineData(20, 0xFE, DatagramKind.Dtls)]     // change_cipher_spec
    [InlineData(22, 0xFE, DatagramKind.Dtls)]     // handshake
    [InlineData(23, 0xFE, DatagramKind.Dtls)]     // application data
    [InlineData(63, 0xFE, DatagramKind.Dtls)]
    [InlineData(64, 0x00, DatagramKind.Unknown)]  // TURN channel range: no TURN on this socket
    [InlineData(127, 0x00, DatagramKind.Unknown)]
    [InlineData(0x80, 111, DatagramKind.Rtp)]     // PT 111
    [InlineData(0x80, 0x80 | 96, DatagramKind.Rtp)] // marker + PT 96
    [InlineData(0x80, 200, DatagramKind.Rtcp)]    // SR
    [InlineData(0x81, 201, DatagramKind.Rtcp)]    // RR
    [InlineData(0x81, 205, DatagramKind.Rtcp)]    // RTPFB
    [InlineData(0x81, 206, DatagramKind.Rtcp)]    // PSFB
    [InlineData(0x80, 223, DatagramKind.Rtcp)]
    [InlineData(0x80, 191, DatagramKind.Rtp)]     // marker + PT 63
    [InlineData(0xBF, 111, DatagramKind.Rtp)]     // 191: top of the RTP range
    [InlineData(0xC0, 111, DatagramKind.Unknown)] // 192: outside every range
    [InlineData(0xFF, 111, DatagramKind.Unknown)]
    public void First_byte_selects_the_protocol(byte first, byte second, DatagramKind expected)
    {
        var datagram = new byte[40];
        datagram[0] = first;
        datagram[1] = second;
        Assert.Equal(expected, DatagramClassifier.Classify(datagram));
    }

    [Theory]
    [InlineData(0x00, 19)] // shorter than a STUN header
    [InlineData(22, 12)]   // shorter than a DTLS record header
    [InlineData(0x80, 7)]  // shorter than any RTCP packet
    public void Too_short_for_its_kind_is_unknown(byte first, int length)
    {
        var datagram = new byte[length];
        datagram[0] = first;
        Assert.Equal(DatagramKind.Unknown, DatagramClassifier.Classify(datagram));
    }

    [Fact]
    public void Rtp_needs_a_full_fixed_header_but_rtcp_only_eight_bytes()
    {
        Assert.Equal(DatagramKind.Unknown, DatagramClassifier.Classify([0x80, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0]));
        Assert.Equal(DatagramKind.Rtcp, DatagramClassifier.Classify([0x80, 201, 0, 1, 0, 0, 0, 1]));
        Assert.Equal(DatagramKind.Unknown, DatagramClassifier.Classify([]));
    }

    [Fact]
    public void Random_datagrams_never_throw()
    {
        var random = new Random(20260101);
        var counts = new int[5];
        for (int i = 0; i < 10_000; i++)
        {
            var datagram = new byte[random.Next(0, 64)];
            random.NextBytes(datagram);
            counts[(int)DatagramClassifier.Classify(datagram)]++;
        }
        Assert.All(counts, c => Assert.True(c > 0));
    }
}
