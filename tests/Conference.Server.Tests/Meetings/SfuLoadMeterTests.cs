using Conference.Server.Media;

namespace Conference.Server.Tests.Meetings;

/// <summary>The CPU share that can make an SFU silo full is averaged over ~10 s: a short burst does not refuse rooms, a sustained load does.</summary>
public sealed class SfuLoadMeterTests
{
    private static readonly TimeSpan Report = TimeSpan.FromSeconds(2);

    [Fact]
    public void A_two_second_burst_stays_under_the_ceiling_and_a_sustained_load_reaches_it()
    {
        double? cpu = null;
        for (int i = 0; i < 10; i++) cpu = SfuLoadMeter.Smooth(cpu, 20, Report, SfuLoadMeter.CpuSmoothing);
        Assert.Equal(20, cpu!.Value, 3);

        // One report at 100 % (a burst): still far from an 85 % ceiling.
        var burst = SfuLoadMeter.Smooth(cpu, 100, Report, SfuLoadMeter.CpuSmoothing);
        Assert.InRange(burst, 30, 40);

        // The same load for 20 s: the average gets there (within 15 % of it).
        double sustained = cpu.Value;
        for (int i = 0; i < 10; i++) sustained = SfuLoadMeter.Smooth(sustained, 100, Report, SfuLoadMeter.CpuSmoothing);
        Assert.InRange(sustained, 85, 100);
    }

    [Fact]
    public void The_first_sample_starts_the_average_and_longer_intervals_weigh_more()
    {
        Assert.Equal(50, SfuLoadMeter.Smooth(null, 50, Report, SfuLoadMeter.CpuSmoothing));
        double shortStep = SfuLoadMeter.Smooth(0, 100, TimeSpan.FromSeconds(1), SfuLoadMeter.CpuSmoothing);
        double longStep = SfuLoadMeter.Smooth(0, 100, TimeSpan.FromSeconds(5), SfuLoadMeter.CpuSmoothing);
        Assert.True(longStep > shortStep);
        Assert.Equal(100 * (1 - Math.Exp(-0.5)), longStep, 6);
    }
}
