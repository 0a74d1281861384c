using Conference.Media.Rtp;
using Conference.Media.Sfu;
using static Conference.Media.Tests.Sfu.TestPackets;

namespace Conference.Media.Tests.Sfu;

public sealed class SenderStatsTests
{
    private readonly SfuTestClock _clock = new();

    [Fact]
    public void Sender_report_maps_now_to_an_extrapolated_rtp_timestamp_and_counts_payload_octets()
    {
        var stats = new SenderStats(0xABCD, 90000, _clock);
        Assert.False(stats.TryCreateSenderInfo(out _)); // nothing sent: no mapping yet

        stats.OnPacketSent(Header(Packet(1, 90_000, 0xABCD, payload: new byte[100])));
        stats.OnPacketSent(Header(Packet(2, 90_000, 0xABCD, payload: new byte[50])));
        _clock.AdvanceMs(40);
        stats.OnPacketSent(Header(Packet(3, 93_600, 0xABCD, payload: new byte[10])));
        stats.OnPacketSent(Header(Packet(0, 86_000, 0xABCD, payload: new byte[10]))); // reordered: counted, mapping unchanged
        _clock.AdvanceMs(100);

        var buffer = new byte[64];
        Assert.True(stats.TryWriteSenderReport(buffer, [], out int n));
        Assert.True(SenderReport.TryParse(buffer.AsSpan(0, n), out var sr));
        Assert.Equal(0xABCDu, sr.Ssrc);
        Assert.Equal(4u, sr.Info.PacketCount);
        Assert.Equal(170u, sr.Info.OctetCount);
        Assert.Equal(93_600u + 9000u, sr.Info.RtpTimestamp);
        Assert.Equal(_clock.GetUtcNow(), NtpTime.ToDateTimeOffset(sr.Info.NtpTimestamp));
    }

    [Fact]
    public void Ntp_conversion_matches_the_rfc_5905_epoch()
    {
        // 1970-01-01 is 2208988800 s after the NTP epoch; half a second is fraction 2^31.
        ulong ntp = NtpTime.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddMilliseconds(500));
        Assert.Equal(2_208_988_800UL << 32 | 0x8000_0000UL, ntp);
    }
}
