using Conference.Media.Sfu;

namespace Conference.Media.Tests.Sfu;

public sealed class SimulcastLayerSelectorTests
{
    private static SimulcastLayerSelector Selector() =>
        new([new("f", 1_500_000), new("q", 150_000), new("h", 500_000)]);

    [Fact]
    public void Layers_are_ordered_by_bitrate_and_found_by_rid()
    {
        var s = Selector();
        Assert.Equal(["q", "h", "f"], s.Layers.Select(l => l.Rid));
        Assert.Equal(2, s.IndexOf("f"));
        Assert.Equal(-1, s.IndexOf("x"));
    }

    [Theory]
    [InlineData(100_000UL, "q")]     // below every layer: still the lowest
    [InlineData(549_999UL, "q")]     // h needs 500k × 1.1 to move up
    [InlineData(550_000UL, "h")]
    [InlineData(5_000_000UL, "f")]
    public void Target_is_the_highest_layer_that_fits_with_headroom(ulong estimate, string rid)
    {
        var s = Selector();
        s.OnEstimate(estimate);
        Assert.Equal(rid, s.TargetRid);
    }

    [Fact]
    public void Switches_only_at_a_keyframe_of_the_target_layer()
    {
        var s = Selector();
        s.OnEstimate(600_000);                          // target h
        Assert.False(s.ShouldForward(1, isKeyframe: false));
        Assert.False(s.ShouldForward(2, isKeyframe: true)); // a keyframe above the target does not help
        Assert.True(s.NeedsKeyframe);
        Assert.True(s.ShouldForward(1, isKeyframe: true));
        Assert.Equal("h", s.CurrentRid);
        Assert.True(s.ShouldForward(1, isKeyframe: false));
        Assert.False(s.NeedsKeyframe);

        s.OnEstimate(2_000_000);                        // target f: keep h until f has a keyframe
        Assert.True(s.ShouldForward(1, isKeyframe: false));
        Assert.False(s.ShouldForward(2, isKeyframe: false));
        Assert.True(s.ShouldForward(2, isKeyframe: true));
        Assert.False(s.ShouldForward(1, isKeyframe: false));
    }

    [Fact]
    public void Downgrade_needs_no_headroom_but_upgrade_does()
    {
        var s = Selector();
        s.OnEstimate(600_000);
        s.ShouldForward(1, isKeyframe: true);           // current h
        s.OnEstimate(510_000);                          // still fits h: no downgrade
        Assert.Equal("h", s.TargetRid);
        s.OnEstimate(430_000);                          // the current layer is kept down to 85 % of its rate
        Assert.Equal("h", s.TargetRid);
        s.OnEstimate(400_000);
        Assert.Equal("q", s.TargetRid);
    }

    [Fact]
    public void Max_layer_limits_the_target()
    {
        var s = Selector();
        s.MaxLayer = 1;
        s.OnEstimate(10_000_000);
        Assert.Equal("h", s.TargetRid);
    }

    [Fact]
    public void Starts_at_the_first_keyframe_up_to_the_target_then_climbs_and_restarts_the_same_way()
    {
        var s = Selector();
        s.OnEstimate(2_000_000);                        // target f
        Assert.True(s.WantsKeyframe(0));
        Assert.False(s.ShouldForward(1, isKeyframe: false));
        Assert.True(s.ShouldForward(0, isKeyframe: true)); // q first: a picture at once
        Assert.Equal("q", s.CurrentRid);
        Assert.False(s.WantsKeyframe(1));               // started: only the target's keyframe is wanted now
        Assert.True(s.WantsKeyframe(2));
        Assert.False(s.ShouldForward(1, isKeyframe: true));
        Assert.True(s.ShouldForward(2, isKeyframe: true));
        Assert.Equal(1, s.Switches);

        s.Restart();                                    // e.g. a hidden tile shown again
        Assert.Null(s.CurrentRid);
        Assert.True(s.ShouldForward(1, isKeyframe: true));
        Assert.Equal("h", s.CurrentRid);
        Assert.Equal(1, s.Switches);                    // a restart is not a switch
    }
}
