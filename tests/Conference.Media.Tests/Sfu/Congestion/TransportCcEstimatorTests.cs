using Conference.Media.Rtp;
using Conference.Media.Sfu.Congestion;

namespace Conference.Media.Tests.Sfu.Congestion;

/// <summary>The send-side estimator fed synthetic transport-wide feedback from <see cref="SimulatedPath"/>.</summary>
public sealed class TransportCcEstimatorTests
{
    private static TransportCcEstimator Estimator(ulong initial = 1_000_000) =>
        new(new TransportCcEstimatorOptions { InitialBitrate = initial, MinBitrate = 50_000, MaxBitrate = 6_000_000 });

    [Fact]
    public void A_growing_queue_is_over_use_and_the_estimate_falls_below_the_capacity()
    {
        var bwe = Estimator(1_000_000);
        var path = new SimulatedPath(bwe) { CapacityBps = 500_000 };
        path.Run(TimeSpan.FromSeconds(3), () => 1_000_000); // twice what the link takes: its queue grows

        Assert.True(bwe.DelayDecreases > 0, "no over-use detected");
        Assert.InRange(bwe.Estimate, 50_000UL, 500_000UL);
    }

    [Fact]
    public void A_clean_link_lets_a_sender_that_uses_its_estimate_grow()
    {
        var bwe = Estimator(300_000);
        var path = new SimulatedPath(bwe) { CapacityBps = 5_000_000 };
        path.Run(TimeSpan.FromSeconds(10), () => bwe.Estimate);

        Assert.Equal(0, bwe.DelayDecreases);
        Assert.True(bwe.Estimate > 450_000, $"estimate {bwe.Estimate}");
        Assert.NotEqual(BandwidthUsage.Overusing, bwe.Usage);
    }

    [Fact]
    public void Heavy_loss_cuts_the_estimate_and_moderate_loss_holds_it()
    {
        var lossy = Estimator(1_000_000);
        new SimulatedPath(lossy) { CapacityBps = 10_000_000, Loss = 0.25 }.Run(TimeSpan.FromSeconds(3), () => 800_000);
        Assert.True(lossy.LossDecreases > 0);
        Assert.True(lossy.Estimate < 700_000, $"estimate {lossy.Estimate}");
        Assert.InRange(lossy.LastLossFraction, 0.1, 0.4);

        var moderate = Estimator(1_000_000);
        new SimulatedPath(moderate) { CapacityBps = 10_000_000, Loss = 0.05 }.Run(TimeSpan.FromSeconds(3), () => 800_000);
        Assert.Equal(0, moderate.LossDecreases);
        Assert.True(moderate.Estimate >= 800_000, $"estimate {moderate.Estimate}");
    }

    [Fact]
    public void A_probe_the_link_carries_raises_an_application_limited_estimate()
    {
        var bwe = Estimator(400_000);
        var path = new SimulatedPath(bwe) { CapacityBps = 8_000_000 };
        path.Run(TimeSpan.FromSeconds(2), () => 300_000); // only the low layers: the estimate cannot prove more
        ulong before = bwe.Estimate;
        Assert.True(before < 800_000);

        Assert.True(bwe.Probes.TryStart(3_000_000, before, 6_000_000, bwe.Usage, bwe.LastDecreaseUs, path.NowUs));
        path.Run(TimeSpan.FromSeconds(1), () => 300_000);

        Assert.Equal(1, bwe.ProbeIncreases);
        Assert.True(bwe.Estimate > before * 1.5, $"{before} → {bwe.Estimate}");
    }

    [Fact]
    public void A_probe_into_a_narrow_link_does_not_raise_the_estimate()
    {
        var bwe = Estimator(250_000);
        var path = new SimulatedPath(bwe) { CapacityBps = 300_000 };
        path.Run(TimeSpan.FromSeconds(2), () => 200_000);
        ulong before = bwe.Estimate;

        Assert.True(bwe.Probes.TryStart(2_000_000, before, 6_000_000, bwe.Usage, bwe.LastDecreaseUs, path.NowUs));
        path.Run(TimeSpan.FromSeconds(2), () => 200_000);

        Assert.Equal(0, bwe.ProbeIncreases);
        Assert.True(bwe.Estimate <= 400_000, $"{before} → {bwe.Estimate}");
        // A probe that fell short waits twice as long (2 s) before the next; one that succeeded would wait 1 s.
        Assert.False(bwe.Probes.TryStart(2_000_000, bwe.Estimate, 6_000_000, BandwidthUsage.Normal, long.MinValue, path.NowUs));
        Assert.True(bwe.Probes.TryStart(2_000_000, bwe.Estimate, 6_000_000, BandwidthUsage.Normal, long.MinValue, path.NowUs + 1_000_000));
    }

    [Fact]
    public void Feedback_is_applied_without_allocating()
    {
        var bwe = Estimator();
        var feedback = new byte[TransportCcFeedback.GetMaxLength(64)];
        var results = new TransportCcPacketResult[50];
        long now = 0;
        int written = 0;
        void Round()
        {
            ushort first = bwe.Sent.NextSequenceNumber;
            for (int i = 0; i < results.Length; i++)
            {
                bwe.OnPacketSent(1200, now += 2000);
                results[i] = new TransportCcPacketResult((ushort)(first + i), TransportCcStatus.ReceivedSmallDelta, 8);
            }
            TransportCcFeedback.TryWrite(feedback, 1, 2, first, (int)(now / 64_000), 0, results, out written);
            bwe.OnFeedback(feedback.AsSpan(0, written), now);
        }
        Round();
        Assert.Equal(0, AllocationProbe.Fewest(() =>
        {
            for (int i = 0; i < 20; i++) Round();
        }));
        Assert.True(bwe.FeedbackCount > 20);
    }

    [Fact]
    public void Malformed_or_unknown_feedback_is_refused_or_ignored()
    {
        var bwe = Estimator();
        Assert.False(bwe.OnFeedback([0x8F, 205, 0, 1], 0));
        var feedback = new byte[64];
        Assert.True(TransportCcFeedback.TryWrite(feedback, 1, 2, 500, 0, 0,
            [new TransportCcPacketResult(500, TransportCcStatus.ReceivedSmallDelta, 4)], out int written));
        Assert.True(bwe.OnFeedback(feedback.AsSpan(0, written), 0)); // never sent: nothing to learn, nothing broken
        Assert.Equal(0UL, bwe.AckedBitrate);
        Assert.Equal(1_000_000UL, bwe.Estimate);
    }
}
