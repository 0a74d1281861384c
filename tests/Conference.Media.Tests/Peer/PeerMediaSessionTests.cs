using Conference.Media.Dtls;
using Conference.Media.Peer;
using Conference.Media.Sdp;
using Conference.Media.Srtp;
using Conference.Media.Transport;

namespace Conference.Media.Tests.Peer;

/// <summary>What happens to each SRTP/SRTCP datagram routed to a peer, and how every drop is counted.</summary>
public sealed class PeerMediaSessionTests : IDisposable
{
    private readonly byte[] _wire = new byte[1500];
    private int _wireLength;
    private readonly DtlsSrtpTransport _sender;
    private readonly DtlsSrtpTransport _receiver;
    private readonly PeerMediaSession _session;
    private readonly MediaEngineCounters _counters = new();
    private readonly List<byte[]> _rtp = [];
    private readonly List<byte[]> _rtcp = [];

    public PeerMediaSessionTests()
    {
        _sender = new DtlsSrtpTransport(DtlsRole.Client, DtlsCertificate.Shared, DtlsCertificate.Shared.Fingerprint, Capture);
        _receiver = new DtlsSrtpTransport(DtlsRole.Server, DtlsCertificate.Shared, DtlsCertificate.Shared.Fingerprint, _ => true);
        var track = new PeerTrack("0", "audio", 0, null, [0xAAAA], [new RtpCodec(111, "opus", 48000, 2)],
            new Dictionary<string, byte>(), MediaDirection.SendRecv, []);
        _session = new PeerMediaSession(_receiver, [track], _counters, _ => { }, _ => { },
            (_, packet) => _rtp.Add(packet.ToArray()), packet => _rtcp.Add(packet.ToArray()));
    }

    [Fact]
    public void Srtp_that_overtakes_the_keys_is_held_and_delivered_in_order_once_they_exist()
    {
        SetKeys(receiver: false);
        byte[] first = PeerTestRig.RtpPacket(0xAAAA, 1, 111), second = PeerTestRig.RtpPacket(0xAAAA, 2, 111);
        Assert.True(_sender.SendRtp(first));
        Deliver(DatagramKind.Rtp);
        Assert.Empty(_rtp);

        SetReceiverKeys();
        Assert.True(_sender.SendRtp(second));
        Deliver(DatagramKind.Rtp);

        Assert.Equal([first, second], _rtp);
        Assert.Equal(0, _counters.DroppedNoKeys);
    }

    [Fact]
    public void Srtp_without_keys_is_dropped_when_no_keys_can_come_or_too_many_wait()
    {
        SetKeys(receiver: false);
        for (ushort i = 1; i <= 65; i++)
        {
            Assert.True(_sender.SendRtp(PeerTestRig.RtpPacket(0xAAAA, i, 111)));
            Deliver(DatagramKind.Rtp);
        }
        Assert.Equal(1, _counters.DroppedNoKeys); // 64 are held

        _receiver.Close(); // the handshake can no longer produce keys
        Deliver(DatagramKind.Rtp);
        Assert.Equal(2, _counters.DroppedNoKeys);
        Assert.Empty(_rtp);
    }

    [Fact]
    public void A_replayed_packet_is_delivered_once_and_the_replay_counted()
    {
        SetKeys();
        byte[] packet = PeerTestRig.RtpPacket(0xAAAA, 1, 111);
        Assert.True(_sender.SendRtp(packet));
        byte[] captured = _wire[.._wireLength];

        Deliver(DatagramKind.Rtp);
        captured.CopyTo(_wire, 0);
        Deliver(DatagramKind.Rtp);

        Assert.Equal(packet, Assert.Single(_rtp));
        Assert.Equal(1, _counters.SrtpReplays);
        Assert.Equal(1, _counters.RtpReceived);
    }

    [Fact]
    public void A_tampered_packet_fails_authentication_and_is_not_delivered()
    {
        SetKeys();
        Assert.True(_sender.SendRtp(PeerTestRig.RtpPacket(0xAAAA, 1, 111)));
        _wire[20] ^= 0x01;
        Deliver(DatagramKind.Rtp);

        Assert.Equal(1, _counters.SrtpAuthenticationFailures);
        Assert.Empty(_rtp);
    }

    [Fact]
    public void Rtp_for_no_track_is_counted_as_unroutable()
    {
        SetKeys();
        Assert.True(_sender.SendRtp(PeerTestRig.RtpPacket(0xBBBB, 1, 96))); // unknown SSRC, nobody's payload type
        Deliver(DatagramKind.Rtp);

        Assert.Equal(1, _counters.DroppedUnroutableRtp);
        Assert.Empty(_rtp);
    }

    [Fact]
    public void Srtcp_is_decrypted_and_delivered_and_a_tampered_one_is_dropped()
    {
        SetKeys();
        byte[] rtcp = PeerTestRig.RtcpCompound(0xAAAA, 0x1234);
        Assert.True(_sender.SendRtcp(rtcp));
        Deliver(DatagramKind.Rtcp);
        Assert.True(_sender.SendRtcp(rtcp));
        _wire[9] ^= 0x80;
        Deliver(DatagramKind.Rtcp);

        Assert.Equal(rtcp, Assert.Single(_rtcp));
        Assert.Equal(1, _counters.RtcpReceived);
        Assert.Equal(1, _counters.SrtpAuthenticationFailures);
    }

    [Fact]
    public void Sending_after_close_returns_false()
    {
        SetKeys();
        _sender.Dispose();
        Assert.False(_sender.SendRtp(PeerTestRig.RtpPacket(0xAAAA, 1, 111)));
    }

    public void Dispose()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    private bool Capture(ReadOnlySpan<byte> datagram)
    {
        datagram.CopyTo(_wire);
        _wireLength = datagram.Length;
        return true;
    }

    private void Deliver(DatagramKind kind) => _session.OnDatagram(kind, _wire.AsSpan(0, _wireLength));

    private const SrtpProfile Profile = SrtpProfile.AesCm128HmacSha1_80;

    private static byte[] Exported()
    {
        var exported = new byte[SrtpKeyMaterial.ExportedLength(Profile)];
        new Random(5).NextBytes(exported);
        return exported;
    }

    private void SetKeys(bool receiver = true)
    {
        _sender.Srtp.SetKeys(SrtpKeyMaterial.Split(Exported(), Profile, isClient: true));
        if (receiver) SetReceiverKeys();
    }

    private void SetReceiverKeys() => _receiver.Srtp.SetKeys(SrtpKeyMaterial.Split(Exported(), Profile, isClient: false));
}
