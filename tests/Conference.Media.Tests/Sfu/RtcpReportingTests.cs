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

    [Fact]
    public void Subscriber_sender_report_translates_the_publishers_mapping_of_the_current_source()
    {
        using var track = new PublishedTrackFanout(new PublishedTrackOptions
        {
            Kind = "audio", ClockRate = 48000, MediaPayloadTypes = new HashSet<int> { 111 },
        }, new RecordingSink(), _clock);
        var sub = track.Subscribe(new RecordingSink(), 0xA1, PayloadTypeMap.Identity());
        track.OnPublisherRtp(Packet(10, 100_000, 0x1111, pt: 111));
        _clock.AdvanceMs(20);
        track.OnPublisherRtp(Packet(500, 7_000, 0x2222, pt: 111));  // new source: output 11, timestamp 100_000 + 960
        uint offset = 100_960u - 7_000u;

        // The new source's SR: NTP T ↔ RTP 6_040 (its own clock); 100 ms later we report.
        var sr = new byte[64];
        ulong publisherNtp = 0x0000_00AA_8000_0000; // 170.5 s on the publisher's clock
        Assert.True(SenderReport.TryWrite(sr, 0x2222, new SenderInfo(publisherNtp, 6_040, 1, 1), [], out int n));
        track.OnPublisherRtcp(sr.AsSpan(0, n));
        _clock.AdvanceMs(100);

        var buffer = new byte[64];
        Assert.True(sub.TryWriteSenderReport(buffer, out int m));
        Assert.True(SenderReport.TryParse(buffer.AsSpan(0, m), out var report));
        Assert.Equal(publisherNtp + (ulong)(0.1 * 4294967296.0), report.Info.NtpTimestamp);
        Assert.Equal(6_040u + offset + 4_800u, report.Info.RtpTimestamp);

        // An SR of a stream not forwarded (another layer, an old source) changes nothing.
        Assert.True(SenderReport.TryWrite(sr, 0x1111, new SenderInfo(1, 1, 1, 1), [], out n));
        track.OnPublisherRtcp(sr.AsSpan(0, n));
        Assert.True(sub.TryWriteSenderReport(buffer, out m));
        Assert.True(SenderReport.TryParse(buffer.AsSpan(0, m), out report));
        Assert.Equal(6_040u + offset + 4_800u, report.Info.RtpTimestamp);

        // After a switch to a source without an SR yet, the SFU's own clock stands in.
        track.OnPublisherRtp(Packet(1, 1, 0x3333, pt: 111));
        Assert.True(sub.TryWriteSenderReport(buffer, out m));
        Assert.True(SenderReport.TryParse(buffer.AsSpan(0, m), out report));
        Assert.Equal(_clock.GetUtcNow(), NtpTime.ToDateTimeOffset(report.Info.NtpTimestamp));
    }
}
