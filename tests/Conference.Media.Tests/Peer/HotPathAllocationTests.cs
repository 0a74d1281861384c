using Conference.Media.Dtls;
using Conference.Media.Peer;
using Conference.Media.Sdp;
using Conference.Media.Srtp;
using Conference.Media.Transport;

namespace Conference.Media.Tests.Peer;

/// <summary>DESIGN §4: receive → unprotect → route and protect → send do not allocate per packet.</summary>
public sealed class HotPathAllocationTests
{
    [Theory]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80)]
    public void Steady_state_receive_and_send_do_not_allocate(SrtpProfile profile)
    {
        var exported = new byte[SrtpKeyMaterial.ExportedLength(profile)];
        new Random(9).NextBytes(exported);
        int wireLength = 0;
        var wire = new byte[1500];
        bool Capture(ReadOnlySpan<byte> datagram)
        {
            datagram.CopyTo(wire);
            wireLength = datagram.Length;
            return true;
        }
        DatagramSender capture = Capture;
        using var sender = new DtlsSrtpTransport(DtlsRole.Client, DtlsCertificate.Shared, DtlsCertificate.Shared.Fingerprint, capture);
        using var receiver = new DtlsSrtpTransport(DtlsRole.Server, DtlsCertificate.Shared, DtlsCertificate.Shared.Fingerprint, _ => true);
        sender.Srtp.SetKeys(SrtpKeyMaterial.Split(exported, profile, isClient: true));
        receiver.Srtp.SetKeys(SrtpKeyMaterial.Split(exported, profile, isClient: false));
        var track = new PeerTrack("0", "video", 0, null, [0xFEED], [new RtpCodec(96, "VP8", 90000)],
            new Dictionary<string, byte>(), MediaDirection.SendRecv, []);
        var counters = new MediaEngineCounters();
        long delivered = 0;
        var session = new PeerMediaSession(receiver, [track], counters, _ => { }, _ => { },
            (t, packet) => delivered += packet.Length, _ => { });
        byte[] rtp = PeerTestRig.RtpPacket(0xFEED, 0, 96, 1000);

        void RoundTrip(ushort sequence)
        {
            Conference.Media.Rtp.RtpPacket.SetSequenceNumber(rtp, sequence);
            Assert.True(sender.SendRtp(rtp));
            session.OnDatagram(DatagramKind.Rtp, wire.AsSpan(0, wireLength));
        }
        for (ushort i = 1; i <= 50; i++) RoundTrip(i); // warm-up: stream state, pools, JIT

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (ushort i = 51; i <= 1050; i++) RoundTrip(i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1050, counters.RtpReceived);
        Assert.Equal(1050L * rtp.Length, delivered);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task Sending_to_a_consented_address_takes_no_lock_and_does_not_allocate()
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync();
        byte[] rtp = PeerTestRig.RtpPacket(rig.Server.Tracks[0].LocalSsrc, 1, 111);
        ushort sequence = 1;
        void Burst()
        {
            for (int i = 0; i < 500; i++)
            {
                Conference.Media.Rtp.RtpPacket.SetSequenceNumber(rtp, ++sequence);
                rig.Server.SendRtp(rtp); // consent read from the published target (no agent lock), SRTP, sendto
            }
        }
        Burst(); // warm-up

        long allocated = AllocationProbe.Fewest(Burst);

        Assert.Equal(0, allocated);
        Assert.Equal(0, rig.Engine.Counters.SendsWithoutConsent);
        await PeerTestRig.Eventually(() => rig.Client.Counters.RtpReceived > 0, "media at the client");
    }
}
