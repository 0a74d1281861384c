using System.Buffers.Binary;
using Conference.Media.Rtp;
using Conference.Media.Sfu;
using static Conference.Media.Tests.Sfu.TestPackets;

namespace Conference.Media.Tests.Sfu;

public sealed class PublishedTrackFanoutTests
{
    private const uint PublisherSsrc = 0x1111;
    private readonly SfuTestClock _clock = new();
    private readonly RecordingSink _publisher = new();

    private PublishedTrackFanout Video(IReadOnlyList<SimulcastLayer>? layers = null) => new(new PublishedTrackOptions
    {
        Kind = "video", ClockRate = 90000, Codec = VideoCodec.Vp8, MediaPayloadTypes = new HashSet<int> { 96 },
        RtcpSenderSsrc = 0xFEED, SimulcastLayers = layers ?? [], RidExtensionId = layers is null ? 0 : 10, PacketCacheCapacity = 64,
    }, _publisher, _clock);

    private static byte[] Vp8(ushort seq, uint ts, bool keyframe, uint ssrc = PublisherSsrc, string? rid = null)
    {
        var payload = (keyframe ? Vp8KeyframePayload : Vp8DeltaPayload).ToArray();
        if (rid is null) return Packet(seq, ts, ssrc, pt: 96, payload: payload);
        var buffer = new byte[1500];
        var writer = new RtpPacketWriter(buffer, 96, seq, ts, ssrc);
        Assert.True(writer.TryAddExtension(10, System.Text.Encoding.ASCII.GetBytes(rid)));
        Assert.True(writer.TryComplete(payload, out int length));
        return buffer[..length];
    }

    [Fact]
    public void New_subscribers_start_at_a_keyframe_which_is_requested_once_per_interval()
    {
        using var track = Video();
        var alice = new RecordingSink();
        var bob = new RecordingSink();
        track.Subscribe(alice, 0xA1, PayloadTypeMap.Of((96, 100)));
        track.Subscribe(bob, 0xB1, PayloadTypeMap.Of((96, 96)));

        Assert.True(track.OnPublisherRtp(Vp8(10, 0, keyframe: false)));
        Assert.True(track.OnPublisherRtp(Vp8(11, 0, keyframe: false)));
        Assert.Empty(alice.Rtp);
        var pli = Assert.Single(_publisher.Rtcp); // two subscribers, two packets: one PLI
        Assert.True(PictureLossIndication.TryParse(pli, out uint sender, out uint media));
        Assert.Equal((0xFEEDu, PublisherSsrc), (sender, media));

        track.OnPublisherRtp(Vp8(12, 3000, keyframe: true));
        track.OnPublisherRtp(Vp8(13, 6000, keyframe: false));

        Assert.Equal([0xA1u, 0xA1u], alice.Rtp.Select(p => Header(p).Ssrc));
        Assert.Equal([100, 100], alice.Rtp.Select(p => (int)Header(p).PayloadType));
        Assert.Equal([12, 13], bob.Rtp.Select(p => (int)Header(p).SequenceNumber));
        Assert.Equal(2u, track.Subscriptions[0].Stats.PacketCount);
    }

    [Fact]
    public void Subscriber_nack_is_answered_with_rtx_and_its_pli_reaches_the_publisher()
    {
        using var track = Video();
        var alice = new RecordingSink();
        var sub = track.Subscribe(alice, 0xA1, PayloadTypeMap.Of((96, 96)), new RtxParameters(0xA2, PayloadTypeMap.Of((96, 97))));
        for (int i = 0; i < 5; i++) track.OnPublisherRtp(Vp8((ushort)(100 + i), 0, keyframe: i == 0));
        _publisher.Rtcp.Clear();

        var rtcp = new byte[128];
        Assert.True(ReceiverReport.TryWrite(rtcp, 0x5151, [], out int a));
        Assert.True(GenericNack.TryWrite(rtcp.AsSpan(a), 0x5151, 0xA1, [101, 103], out int b));
        Assert.True(GenericNack.TryWrite(rtcp.AsSpan(a + b), 0x5151, 0xDEAD, [102], out int c)); // someone else's stream
        Assert.True(PictureLossIndication.TryWrite(rtcp.AsSpan(a + b + c), 0x5151, 0xA1, out int d));
        _clock.AdvanceMs(600);
        sub.OnRtcp(rtcp.AsSpan(0, a + b + c + d));

        var rtx = alice.Rtp.Skip(5).ToList();
        Assert.Equal(2, rtx.Count);
        Assert.All(rtx, p => Assert.Equal((0xA2u, (byte)97), (Header(p).Ssrc, Header(p).PayloadType)));
        Assert.Equal([101, 103], rtx.Select(p => (int)BinaryPrimitives.ReadUInt16BigEndian(Header(p).GetPayload(p))));
        Assert.True(PictureLossIndication.TryParse(Assert.Single(_publisher.Rtcp), out _, out uint media));
        Assert.Equal(PublisherSsrc, media);
    }

    [Fact]
    public void Rtx_and_padding_from_the_publisher_are_not_mistaken_for_a_new_source()
    {
        using var track = Video();
        var alice = new RecordingSink();
        track.Subscribe(alice, 0xA1, PayloadTypeMap.Identity());
        track.OnPublisherRtp(Vp8(1, 0, keyframe: true));
        Assert.False(track.OnPublisherRtp(Packet(500, 0, 0x9999, pt: 97)));          // RTX payload type
        Assert.False(track.OnPublisherRtp(Packet(2, 0, PublisherSsrc, pt: 96, payload: [])));  // padding-only
        track.OnPublisherRtp(Vp8(2, 0, keyframe: false));
        Assert.Equal([1, 2], alice.Rtp.Select(p => (int)Header(p).SequenceNumber));
        Assert.Single(track.Streams);
    }

    [Fact]
    public void Simulcast_subscriber_moves_up_at_the_target_layers_keyframe_with_a_continuous_stream()
    {
        using var track = Video([new("q", 150_000), new("h", 500_000), new("f", 1_500_000)]);
        var alice = new RecordingSink();
        var sub = track.Subscribe(alice, 0xA1, PayloadTypeMap.Identity());
        sub.Layers!.OnEstimate(200_000);                                // q

        void Round(ushort seq, uint ts, bool keyframe)
        {
            track.OnPublisherRtp(Vp8(seq, ts, keyframe, 0x10, "q"));
            track.OnPublisherRtp(Vp8((ushort)(seq + 1000), ts, keyframe, 0x20, "h"));
            track.OnPublisherRtp(Vp8((ushort)(seq + 2000), ts, keyframe, 0x30, "f"));
        }

        Round(1, 3000, keyframe: true);
        Round(2, 6000, keyframe: false);
        Assert.Equal([1, 2], alice.Rtp.Select(p => (int)Header(p).SequenceNumber));

        sub.Layers.OnEstimate(2_000_000);                               // f, after its next keyframe
        _publisher.Rtcp.Clear();
        _clock.AdvanceMs(33);
        Round(3, 9000, keyframe: false);                                // still q; f is asked for a keyframe
        Assert.True(PictureLossIndication.TryParse(Assert.Single(_publisher.Rtcp), out _, out uint media));
        Assert.Equal(0x30u, media);
        _clock.AdvanceMs(33);
        Round(4, 12000, keyframe: true);
        Round(5, 15000, keyframe: false);

        Assert.Equal("f", sub.Layers.CurrentRid);
        // q 1..4 (q's own keyframe in round 4 still goes out), then f from its keyframe on.
        Assert.Equal([1, 2, 3, 4, 5, 6], alice.Rtp.Select(p => (int)Header(p).SequenceNumber));
        Assert.All(alice.Rtp, p => Assert.Equal(0xA1u, Header(p).Ssrc));
        var ts = alice.Rtp.Select(p => Header(p).Timestamp).ToArray();
        Assert.Equal(12000u, ts[3]);
        Assert.Equal(ts[3] + 1, ts[4]);      // switched in the same instant as the last q packet: one tick later
        Assert.Equal(ts[4] + 3000u, ts[5]);  // then f's own timestamp spacing
    }

    [Fact]
    public void Handed_over_simulcast_streams_are_forwarded_without_their_rid_and_a_stale_one_gives_way()
    {
        using var track = Video([new("q", 150_000), new("h", 500_000), new("f", 1_500_000)]);
        // A browser that ICE-restarted onto a new router: known SSRCs, no rid any more. Unknown, they are dropped.
        Assert.False(track.OnPublisherRtp(Vp8(1, 3000, keyframe: true, 0x10)));
        Assert.True(track.Seed(0x10, "q"));
        Assert.True(track.Seed(0x20, "h"));
        Assert.False(track.Seed(0x10, "q"));   // known already
        Assert.False(track.Seed(0x30, "x"));   // not one of the track's layers
        var alice = new RecordingSink();
        track.Subscribe(alice, 0xA1, PayloadTypeMap.Identity()).Layers!.OnEstimate(200_000); // q

        Assert.True(track.OnPublisherRtp(Vp8(2, 6000, keyframe: true, 0x10)));
        Assert.True(track.OnPublisherRtp(Vp8(3, 9000, keyframe: false, 0x10)));
        Assert.Equal([2, 3], alice.Rtp.Select(p => (int)Header(p).SequenceNumber));
        Assert.False(track.IsSeeded(0x10));    // it carries packets here now
        Assert.True(track.IsSeeded(0x20));
        Assert.Equal(0, track.LearnedStreams); // nothing learned from a rid here: nothing new to report

        // The publisher's h comes on a new SSRC with its rid (a re-created sender): the handed-over h, silent here, goes.
        Assert.True(track.OnPublisherRtp(Vp8(4, 9000, keyframe: true, 0x21, "h")));
        Assert.Equal(1, track.LearnedStreams);
        Assert.Null(track.FindStream(0x20));
        Assert.Equal(0x21u, track.FindLayer(1)!.Ssrc);
        Assert.Equal("h", track.RidOf(track.FindLayer(1)!));
    }

    [Fact]
    public void Paused_subscription_resumes_at_a_keyframe_with_continuous_numbering()
    {
        using var track = Video();
        var alice = new RecordingSink();
        var sub = track.Subscribe(alice, 0xA1, PayloadTypeMap.Identity());
        track.OnPublisherRtp(Vp8(1, 0, keyframe: true));
        sub.IsPaused = true;
        for (int i = 2; i < 50; i++) track.OnPublisherRtp(Vp8((ushort)i, (uint)i * 3000, keyframe: i == 10));
        Assert.Single(alice.Rtp);

        _clock.AdvanceMs(1000);
        _publisher.Rtcp.Clear();
        sub.IsPaused = false;
        track.OnPublisherRtp(Vp8(50, 150_000, keyframe: false));  // waits, and asks for a keyframe
        Assert.Single(_publisher.Rtcp);
        track.OnPublisherRtp(Vp8(51, 153_000, keyframe: true));
        Assert.Equal([1, 2], alice.Rtp.Select(p => (int)Header(p).SequenceNumber));
        Assert.Equal(90_000u, Header(alice.Rtp[1]).Timestamp);     // 1 s at 90 kHz after the last forwarded packet
    }

    [Fact]
    public void Unsubscribed_peers_receive_nothing_more()
    {
        using var track = Video();
        var alice = new RecordingSink();
        var sub = track.Subscribe(alice, 0xA1, PayloadTypeMap.Identity());
        track.OnPublisherRtp(Vp8(1, 0, keyframe: true));
        Assert.True(track.Unsubscribe(sub));
        Assert.False(track.Unsubscribe(sub));
        track.OnPublisherRtp(Vp8(2, 0, keyframe: false));
        Assert.Single(alice.Rtp);
    }

    [Fact]
    public void Receiver_report_blocks_for_the_publisher_echo_its_sender_report()
    {
        using var track = Video();
        for (int i = 0; i < 10; i++) if (i != 4) track.OnPublisherRtp(Vp8((ushort)i, 0, keyframe: false));
        var sr = new byte[64];
        Assert.True(SenderReport.TryWrite(sr, PublisherSsrc, new SenderInfo(0x0000_1111_2222_0000, 0, 9, 100), [], out int n));
        track.OnPublisherRtcp(sr.AsSpan(0, n));

        Span<ReportBlock> blocks = stackalloc ReportBlock[4];
        Assert.Equal(1, track.CreateReportBlocks(blocks));
        Assert.Equal(PublisherSsrc, blocks[0].Ssrc);
        Assert.Equal(1, blocks[0].CumulativeLost);
        Assert.Equal(0x1111_2222u, blocks[0].LastSenderReport);
    }

    [Fact]
    public void Steady_state_fan_out_does_not_allocate()
    {
        using var track = Video();
        var sinks = new[] { new CountingSink(), new CountingSink(), new CountingSink() };
        for (int i = 0; i < sinks.Length; i++) track.Subscribe(sinks[i], 0xA0u + (uint)i, PayloadTypeMap.Identity());
        var packets = Enumerable.Range(0, 200).Select(i => Vp8((ushort)i, (uint)i * 3000, keyframe: i == 0)).ToArray();

        for (int i = 0; i < 100; i++) track.OnPublisherRtp(packets[i]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 100; i < 200; i++) track.OnPublisherRtp(packets[i]);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.All(sinks, s => Assert.Equal(200, s.RtpPackets));
    }
}
