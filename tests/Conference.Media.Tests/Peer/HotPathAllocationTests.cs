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
    public async Task Sending_on_the_engine_loop_to_a_consented_address_takes_no_lock_and_does_not_allocate()
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync();
        byte[] rtp = PeerTestRig.RtpPacket(rig.Server.Tracks[0].LocalSsrc, 1, 111);
        ushort sequence = 1;
        void Burst()
        {
            for (int i = 0; i < 500; i++)
            {
                Conference.Media.Rtp.RtpPacket.SetSequenceNumber(rtp, ++sequence);
                // On the loop (as the SFU forwards): consent from the published target, SRTP in the loop's buffer, no lock.
                Assert.True(rig.Server.SendRtp(rtp));
            }
        }

        long allocated = await rig.Engine.InvokeAsync(() =>
        {
            Burst(); // warm-up
            return AllocationProbe.Fewest(Burst);
        });

        Assert.Equal(0, allocated);
        Assert.Equal(0, rig.Engine.Counters.SendsWithoutConsent);
        await PeerTestRig.Eventually(() => rig.Client.Counters.RtpReceived >= 1000, "media at the client");
    }

    [Fact]
    public async Task A_send_from_another_thread_is_posted_to_the_loop_that_owns_the_srtp_context()
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync();
        byte[] rtp = PeerTestRig.RtpPacket(rig.Server.Tracks[0].LocalSsrc, 1, 111);
        long received = 0;
        rig.Client.RtpReceived += (_, _, packet) => Interlocked.Increment(ref received);

        Assert.False(rig.Engine.IsOnLoop);
        for (ushort i = 1; i <= 20; i++)
        {
            Conference.Media.Rtp.RtpPacket.SetSequenceNumber(rtp, i);
            Assert.True(rig.Server.SendRtp(rtp)); // handed to the loop, protected there in order with its own sends
        }

        await PeerTestRig.Eventually(() => Interlocked.Read(ref received) == 20, "all 20 packets decrypted at the client");
        Assert.Equal(0, rig.Client.Counters.SrtpAuthenticationFailures);
    }
}
