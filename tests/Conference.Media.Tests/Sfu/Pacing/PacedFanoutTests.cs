using Conference.Media.Rtp;
using Conference.Media.Sfu;
using Conference.Media.Sfu.Pacing;
using static Conference.Media.Tests.Sfu.TestPackets;

namespace Conference.Media.Tests.Sfu.Pacing;

/// <summary>
/// The fan-out through a pacer whose video queue overflows, wired as the SFU wires a subscriber (the drop restarts the
/// subscription at a keyframe from the first unsent number): what reaches the wire stays gap-free and decodable.
/// </summary>
public sealed class PacedFanoutTests
{
    /// <summary>A subscriber connection: a pacer in front of "the wire" (a list), drops restart the subscription.</summary>
    private sealed class PacedSink : IMediaSink, IPacedTransmitter
    {
        public PacedSink(PacerOptions options) => Pacer = new PacketPacer(this, 100_000, options);

        public PacketPacer Pacer { get; }
        public TrackSubscription? Subscription { get; set; }
        public long Now { get; set; }
        public List<byte[]> Wire { get; } = [];

        public bool SendRtp(ReadOnlySpan<byte> packet) => SendRtp(packet, PacketPriority.Video);

        public bool SendRtp(ReadOnlySpan<byte> packet, PacketPriority priority) => Pacer.Send(packet, priority, Now);

        public bool SendRtcp(ReadOnlySpan<byte> packet) => true;

        public bool Transmit(ReadOnlySpan<byte> packet, PacketPriority priority, long nowMicroseconds)
        {
            Wire.Add(packet.ToArray());
            return true;
        }

        public void OnVideoDropped(uint ssrc, ushort firstSequence)
        {
            if (Subscription?.Forwarder.OutputSsrc == ssrc) Subscription.RestartAtKeyframe(firstSequence);
        }
    }

    [Fact]
    public void A_dropped_queue_restarts_the_stream_at_the_next_keyframe_without_a_gap()
    {
        var clock = new SfuTestClock();
        var publisher = new RecordingSink();
        using var track = new PublishedTrackFanout(new PublishedTrackOptions
        {
            Kind = "video", ClockRate = 90000, Codec = VideoCodec.Vp8, MediaPayloadTypes = new HashSet<int> { 96 },
            RtcpSenderSsrc = 0xFEED, PacketCacheCapacity = 64,
        }, publisher, clock);
        var sink = new PacedSink(new PacerOptions { VideoCapacity = 6 });
        sink.Subscription = track.Subscribe(sink, 0xA1, PayloadTypeMap.Identity());
        ushort seq = 1000;
        // 1 000-byte packets: a few fill a 250 kbit/s pacer's burst allowance.
        byte[] Vp8(bool keyframe) => Packet(seq++, 3000, 0x1111, pt: 96, payload: [.. keyframe ? Vp8KeyframePayload : Vp8DeltaPayload, .. new byte[1000]]);

        // A keyframe and far more deltas than a 250 kbit/s pacer with a 6-packet queue holds, all at once.
        track.OnPublisherRtp(Vp8(keyframe: true));
        for (int i = 0; i < 12; i++) track.OnPublisherRtp(Vp8(keyframe: false));
        Assert.Equal(1, sink.Pacer.VideoFlushes);
        // Deltas after the drop are not forwarded (nothing the subscriber could decode); the forwarder asked for a keyframe.
        track.OnPublisherRtp(Vp8(keyframe: false));
        Assert.True(PictureLossIndication.TryParse(Assert.Single(publisher.Rtcp), out _, out _), "no keyframe requested after the drop");
        clock.AdvanceMs(600); // past the keyframe requester's interval
        track.OnPublisherRtp(Vp8(keyframe: true));
        track.OnPublisherRtp(Vp8(keyframe: false));
        for (long now = 5_000; sink.Pacer.OnTick(now); now += 5_000) sink.Now = now;

        var numbers = sink.Wire.Select(p => Header(p).SequenceNumber).ToList();
        for (int i = 1; i < numbers.Count; i++) Assert.Equal((ushort)(numbers[i - 1] + 1), numbers[i]); // no gap on the wire
        var restart = sink.Wire.FindIndex(p => Header(p).Timestamp != Header(sink.Wire[0]).Timestamp);
        Assert.True(restart > 0, "the stream did not continue after the drop");
        Assert.True(KeyframeDetector.IsKeyframeStart(VideoCodec.Vp8, Header(sink.Wire[restart]).GetPayload(sink.Wire[restart])),
            "the stream continued with a frame the subscriber cannot decode");
        Assert.False(sink.Subscription.Forwarder.TryGetSegment((ushort)(numbers[^1] + 1), out _)); // dropped numbers: nothing to NACK
    }
}
