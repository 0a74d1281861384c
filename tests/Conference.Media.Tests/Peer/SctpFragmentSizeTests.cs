using Conference.Media.Sctp;
using Conference.Media.Tests.Sctp;

namespace Conference.Media.Tests.Peer;

/// <summary>
/// Found by the peer tests: over DTLS with AES-GCM the SCTP packet limit is 1163 bytes (1200 - 37), not a multiple
/// of 4, and a full fragment padded to 4 bytes (RFC 9260 §3.2) came out at 1164, which DTLS refused to send.
/// </summary>
public sealed class SctpFragmentSizeTests
{
    [Theory]
    [InlineData(1163)]
    [InlineData(1161)]
    [InlineData(1200)]
    public void Fragments_of_a_large_message_fit_an_odd_packet_limit(int maxPacketSize)
    {
        SctpAssociationOptions options = SctpPipe.FastOptions with { MaxPacketSize = maxPacketSize };
        using var pipe = new SctpPipe(options, options);
        pipe.Connect();
        var payload = new byte[100 * 1024];
        new Random(3).NextBytes(payload);

        Assert.True(pipe.A.TrySend(0, WebRtcPpid.Binary, payload));

        Assert.True(pipe.RunUntil(() => pipe.ReceivedByB.Count == 1));
        Assert.Equal(payload, pipe.ReceivedByB[0].Data);
        Assert.All(pipe.Sent, sent => Assert.True(sent.Packet.Length <= maxPacketSize, $"{sent.Packet.Length} > {maxPacketSize}"));
    }
}
