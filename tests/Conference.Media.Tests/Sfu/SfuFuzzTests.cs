using Conference.Media.Rtp;
using Conference.Media.Sfu;
using static Conference.Media.Tests.Sfu.TestPackets;

namespace Conference.Media.Tests.Sfu;

/// <summary>Everything that takes packets from the network must shrug off garbage (fixed seeds, thousands of cases).</summary>
public sealed class SfuFuzzTests
{
    private readonly SfuTestClock _clock = new();

    [Fact]
    public void Fanout_and_subscriber_rtcp_never_throw_on_random_or_mutated_packets_and_keep_forwarding()
    {
        var publisher = new RecordingSink();
        using var track = new PublishedTrackFanout(new PublishedTrackOptions
        {
            Kind = "video", ClockRate = 90000, Codec = VideoCodec.H264, MediaPayloadTypes = new HashSet<int> { 96, 97 },
            SimulcastLayers = [new("q", 100_000), new("f", 1_000_000)], RidExtensionId = 10, PacketCacheCapacity = 32,
        }, publisher, _clock);
        var sink = new CountingSink();
        var sub = track.Subscribe(sink, 0xA1, PayloadTypeMap.Identity(), new RtxParameters(0xA2, PayloadTypeMap.Of((96, 98))));
        var bwe = new BandwidthEstimator(time: _clock);

        var random = new Random(3550);
        var rtpSeed = new byte[64];
        var writer = new RtpPacketWriter(rtpSeed, 96, 1, 0, 0x10);
        Assert.True(writer.TryAddExtension(10, "q"u8));
        Assert.True(writer.TryComplete([0x65, 0x88, 1, 2], out int rtpLength));
        var rtcpSeed = new byte[128];
        Assert.True(ReceiverReport.TryWrite(rtcpSeed, 9, [new ReportBlock(0xA1, 10, 1, 2, 3, 4, 5)], out int a));
        Assert.True(GenericNack.TryWrite(rtcpSeed.AsSpan(a), 9, 0xA1, [0, 1, 5, 40], out int b));
        Assert.True(FullIntraRequest.TryWrite(rtcpSeed.AsSpan(a + b), 9, [new FullIntraRequestEntry(0xA1, 3)], out int c));
        Assert.True(ReceiverEstimatedMaxBitrate.TryWrite(rtcpSeed.AsSpan(a + b + c), 9, 300_000, [1], out int d));
        int rtcpLength = a + b + c + d;

        for (int i = 0; i < 10_000; i++)
        {
            _clock.AdvanceMs(random.Next(0, 40));
            byte[] rtp = Mutate(random, rtpSeed.AsSpan(0, rtpLength));
            if (rtp.Length >= 4) BitConverter.TryWriteBytes(rtp.AsSpan(2), (ushort)i); // fresh numbers keep mutated packets plausible
            track.OnPublisherRtp(rtp);
            byte[] rtcp = Mutate(random, rtcpSeed.AsSpan(0, rtcpLength));
            sub.OnRtcp(rtcp);
            track.OnPublisherRtcp(rtcp);
            bwe.OnRtcp(rtcp);
            sub.Layers!.OnEstimate(bwe.Estimate);
        }

        // Still sound afterwards: a new subscriber receives a clean keyframe of the lowest layer, rewritten.
        var fresh = new RecordingSink();
        track.Subscribe(fresh, 0xB1, PayloadTypeMap.Identity());
        var good = new byte[64];
        var w = new RtpPacketWriter(good, 96, 60000, 0, 0x77);
        Assert.True(w.TryAddExtension(10, "q"u8));
        Assert.True(w.TryComplete([0x65, 0x88], out int n));
        Assert.True(track.OnPublisherRtp(good.AsSpan(0, n)));
        Assert.Equal(0xB1u, Header(Assert.Single(fresh.Rtp)).Ssrc);
    }

    [Fact]
    public void Receiver_stats_accept_any_sequence_of_numbers()
    {
        var stats = new ReceiverStats(1, 48000, _clock);
        var random = new Random(1889);
        for (int i = 0; i < 20000; i++)
        {
            _clock.AdvanceMs(random.Next(0, 50));
            stats.OnPacket(Header(Packet((ushort)random.Next(0, 65536), (uint)random.Next(), 1)));
            if (i % 100 == 0)
            {
                var block = stats.CreateReportBlock();
                Assert.InRange(block.CumulativeLost, -0x80_0000, 0x7F_FFFF);
            }
        }
    }

    private static byte[] Mutate(Random random, ReadOnlySpan<byte> seed)
    {
        switch (random.Next(3))
        {
            case 0:
                var noise = new byte[random.Next(0, 80)];
                random.NextBytes(noise);
                return noise;
            case 1:
                return seed[..random.Next(0, seed.Length + 1)].ToArray();
            default:
                var flipped = seed.ToArray();
                for (int k = random.Next(1, 4); k > 0; k--) flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                return flipped;
        }
    }
}
