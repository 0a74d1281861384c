using Conference.Media.Rtp;
using Conference.Media.Sfu;
using static Conference.Media.Tests.Sfu.TestPackets;

namespace Conference.Media.Tests.Sfu;

public sealed class RtcpReportingTests
{
    private readonly SfuTestClock _clock = new();

    [Fact]
    public void Report_interval_is_randomised_between_half_and_one_and_a_half_nominal()
    {
        var interval = new RtcpReportInterval(TimeSpan.FromSeconds(1), _clock, new Random(42));
        var gaps = new List<double>();
        double last = 0, elapsed = 0;
        bool first = true;
        for (int step = 0; step < 60_000; step++) // one minute in 1 ms steps
        {
            _clock.AdvanceMs(1);
            elapsed += 1;
            if (!interval.TryConsume()) continue;
            if (!first) gaps.Add(elapsed - last);
            first = false;
            last = elapsed;
        }
        Assert.InRange(gaps.Count, 40, 120);
        Assert.All(gaps, g => Assert.InRange(g, 500, 1501));
        Assert.True(gaps.Max() - gaps.Min() > 200); // actually randomised
    }

    [Fact]
    public void Publisher_report_is_an_rr_with_a_block_per_stream_and_a_remb_for_all_of_them()
    {
        using var track = new PublishedTrackFanout(new PublishedTrackOptions
        {
            Kind = "audio", ClockRate = 48000, MediaPayloadTypes = new HashSet<int> { 111 }, RtcpSenderSsrc = 0xFEED,
        }, new RecordingSink(), _clock);
        for (int i = 0; i < 10; i++) track.OnPublisherRtp(Packet((ushort)i, (uint)i * 960, 0x1111, pt: 111));

        var buffer = new byte[128];
        Assert.True(track.TryWritePublisherReport(buffer, 300_000, out int n));

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, n));
        Assert.True(reader.TryReadNext(out var first));
        Assert.True(ReceiverReport.TryParse(first.Packet, out var rr));
        Assert.Equal(0xFEEDu, rr.Ssrc);
        Assert.Equal(0x1111u, rr.GetReportBlock(0).Ssrc);
        Assert.Equal(9u, rr.GetReportBlock(0).ExtendedHighestSequenceNumber);
        Assert.True(reader.TryReadNext(out var second));
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(second.Packet, out var remb));
        Assert.Equal(300_000UL, remb.Bitrate);
        Assert.Equal(0x1111u, remb.GetSsrc(0));
        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void Subscriber_sender_report_counts_what_was_forwarded()
    {
        using var track = new PublishedTrackFanout(new PublishedTrackOptions
        {
            Kind = "audio", ClockRate = 48000, MediaPayloadTypes = new HashSet<int> { 111 },
        }, new RecordingSink(), _clock);
        var sub = track.Subscribe(new RecordingSink(), 0xA1, PayloadTypeMap.Identity());
        var buffer = new byte[64];
        Assert.False(sub.TryWriteSenderReport(buffer, out _));

        for (int i = 0; i < 3; i++) track.OnPublisherRtp(Packet((ushort)i, (uint)i * 960, 0x1111, pt: 111, payload: new byte[40]));
        Assert.True(sub.TryWriteSenderReport(buffer, out int n));
        Assert.True(SenderReport.TryParse(buffer.AsSpan(0, n), out var sr));
        Assert.Equal((0xA1u, 3u, 120u, 1920u), (sr.Ssrc, sr.Info.PacketCount, sr.Info.OctetCount, sr.Info.RtpTimestamp));
    }
}
