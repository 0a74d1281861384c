using Conference.Media.Rtp;
using Conference.Media.Sfu;

namespace Conference.Media.Tests.Sfu;

public sealed class BandwidthEstimatorTests
{
    private readonly SfuTestClock _clock = new();

    private BandwidthEstimator Estimator() => new(new BandwidthEstimatorOptions
    {
        InitialBitrate = 1_000_000, MinBitrate = 100_000, MaxBitrate = 3_000_000,
    }, _clock);

    private static byte Fraction(double loss) => (byte)(loss * 256);

    [Fact]
    public void High_loss_cuts_the_estimate_by_half_the_loss()
    {
        var bwe = Estimator();
        bwe.OnFractionLost(64); // 25 %
        Assert.Equal(875_000UL, bwe.Estimate);
        bwe.OnFractionLost(64);
        Assert.Equal(765_625UL, bwe.Estimate);
    }

    [Fact]
    public void Moderate_loss_holds_and_low_loss_grows_at_most_once_per_interval()
    {
        var bwe = Estimator();
        bwe.OnFractionLost(Fraction(0.05));
        Assert.Equal(1_000_000UL, bwe.Estimate);

        bwe.OnFractionLost(0);
        Assert.Equal(1_080_000UL, bwe.Estimate);
        _clock.AdvanceMs(500);
        bwe.OnFractionLost(0);                       // too soon
        Assert.Equal(1_080_000UL, bwe.Estimate);
        _clock.AdvanceMs(500);
        bwe.OnFractionLost(Fraction(0.01));
        Assert.Equal(1_166_400UL, bwe.Estimate);
    }

    [Fact]
    public void Estimate_stays_within_bounds()
    {
        var bwe = Estimator();
        for (int i = 0; i < 100; i++) bwe.OnFractionLost(255);
        Assert.Equal(100_000UL, bwe.Estimate);
        for (int i = 0; i < 100; i++)
        {
            _clock.AdvanceMs(1000);
            bwe.OnFractionLost(0);
        }
        Assert.Equal(3_000_000UL, bwe.Estimate);
    }

    [Fact]
    public void Remb_caps_the_estimate_and_growth_starts_from_the_cap()
    {
        var bwe = Estimator();
        bwe.OnRemb(600_000);
        Assert.Equal(600_000UL, bwe.Estimate);
        bwe.OnFractionLost(0);
        Assert.Equal(648_000UL, bwe.LossBasedEstimate);
        Assert.Equal(600_000UL, bwe.Estimate);
        bwe.OnRemb(2_000_000);
        Assert.Equal(648_000UL, bwe.Estimate);
        bwe.OnRemb(50_000);
        Assert.Equal(100_000UL, bwe.Estimate); // clamped to the floor
    }

    [Fact]
    public void With_the_send_rate_known_only_a_remb_below_it_counts_and_growth_resumes_from_there()
    {
        var bwe = Estimator();
        bwe.OnSendRate(300_000);
        bwe.OnRemb(460_000);                   // 1.5 × what arrives: the receiver's cap, not congestion
        Assert.Equal(1_000_000UL, bwe.Estimate);
        bwe.OnSendRate(900_000);
        bwe.OnRemb(800_000);                   // below what we send, but not lower than before: a burst, not overuse
        Assert.Equal(1_000_000UL, bwe.Estimate);
        bwe.OnRemb(700_000);                   // fell, below what we send: the receiver's queue grew
        Assert.Equal(700_000UL, bwe.Estimate);
        bwe.OnRemb(1_400_000);                 // recovered: no jump back, the loss-based growth climbs from 700k
        Assert.Equal(700_000UL, bwe.Estimate);
        bwe.OnFractionLost(0);
        Assert.Equal(700_000UL, bwe.Estimate); // not within the interval after the cut
        _clock.Advance(TimeSpan.FromSeconds(1));
        bwe.OnFractionLost(0);
        Assert.Equal(900_000UL, bwe.Estimate); // fast, but only up to 90 % of the 1 Mbps before the cut
        _clock.Advance(TimeSpan.FromSeconds(1));
        bwe.OnFractionLost(0);
        Assert.Equal(972_000UL, bwe.Estimate); // then 8 % a second
    }

    [Fact]
    public void Receiver_report_counts_as_one_observation_of_its_worst_block()
    {
        var bwe = Estimator();
        var rr = new byte[128];
        Assert.True(ReceiverReport.TryWrite(rr, 9, [new ReportBlock(1, 0, 0, 0, 0, 0, 0), new ReportBlock(2, 128, 0, 0, 0, 0, 0)], out int n));
        Assert.True(ReceiverReport.TryParse(rr.AsSpan(0, n), out var report));
        bwe.OnReceiverReport(report);
        Assert.Equal(750_000UL, bwe.Estimate); // 50 % loss → × 0.75
    }

    [Fact]
    public void Rtcp_compound_feeds_receiver_reports_and_remb()
    {
        var bwe = Estimator();
        var rtcp = new byte[128];
        Assert.True(ReceiverReport.TryWrite(rtcp, 9, [new ReportBlock(1, 64, 0, 0, 0, 0, 0)], out int a));
        Assert.True(ReceiverEstimatedMaxBitrate.TryWrite(rtcp.AsSpan(a), 9, 500_000, [1], out int b));
        bwe.OnRtcp(rtcp.AsSpan(0, a + b));
        Assert.Equal(875_000UL, bwe.LossBasedEstimate);
        Assert.Equal(500_000UL, bwe.Estimate);
    }

    [Fact]
    public void Publisher_limit_is_the_weakest_subscriber_clamped_or_the_strongest_for_simulcast()
    {
        var limit = new PublisherBitrateLimit(minBitrate: 200_000, maxBitrate: 2_000_000);
        Assert.Equal(800_000UL, limit.Compute([1_500_000, 800_000, 3_000_000], simulcast: false));
        Assert.Equal(200_000UL, limit.Compute([1_500_000, 50_000], simulcast: false));
        Assert.Equal(2_000_000UL, limit.Compute([1_500_000, 3_000_000], simulcast: true));
        Assert.Equal(2_000_000UL, limit.Compute([], simulcast: false));

        var buffer = new byte[64];
        Assert.True(limit.TryWriteRemb(buffer, 1, [0x1111, 0x2222], [900_000, 1_200_000], simulcast: false, out int n));
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(buffer.AsSpan(0, n), out var remb));
        Assert.InRange(remb.Bitrate, 899_000UL, 900_000UL); // 18-bit mantissa may round down
        Assert.Equal(2, remb.SsrcCount);
        Assert.Equal(0x2222u, remb.GetSsrc(1));
    }
}
