using Conference.Media.Sfu;
using static Conference.Media.Tests.Sfu.TestPackets;

namespace Conference.Media.Tests.Sfu;

public sealed class ActiveSpeakerDetectorTests
{
    private const byte Silent = 127;
    private readonly SfuTestClock _clock = new();
    private readonly ActiveSpeakerDetector _detector;
    private readonly List<(double AtMs, string Track)> _changes = [];
    private double _elapsedMs;

    public ActiveSpeakerDetectorTests()
    {
        _detector = new ActiveSpeakerDetector(new ActiveSpeakerOptions { Window = TimeSpan.FromMilliseconds(100) }, _clock);
        _detector.SpeakerChanged += track => _changes.Add((_elapsedMs, track));
        foreach (var id in new[] { "a", "b", "c" }) _detector.AddTrack(id);
    }

    /// <summary>Feeds one level per track every 20 ms (Opus ptime) for <paramref name="ms"/>, updating after each packet round.</summary>
    private void Speak(double ms, byte a = Silent, byte b = Silent, byte c = Silent)
    {
        for (double t = 0; t < ms; t += 20)
        {
            _clock.AdvanceMs(20);
            _elapsedMs += 20;
            _detector.OnAudioLevel("a", a);
            _detector.OnAudioLevel("b", b);
            _detector.OnAudioLevel("c", c);
            _detector.Update();
        }
    }

    [Fact]
    public void First_speaker_is_reported_after_the_switch_delay_not_before()
    {
        Speak(200, a: 30);
        Assert.Null(_detector.CurrentSpeaker);
        Speak(300, a: 30);
        Assert.Equal("a", _detector.CurrentSpeaker);
        Assert.Single(_changes);
        // Loud from t=20; the 100 ms window makes it speech at once; then 300 ms of hysteresis.
        Assert.InRange(_changes[0].AtMs, 300, 360);
    }

    [Fact]
    public void A_louder_challenger_takes_over_only_after_holding_for_the_delay()
    {
        Speak(1000, a: 40);
        Assert.Equal("a", _detector.CurrentSpeaker);

        Speak(250, a: 40, b: 20);
        Assert.Equal("a", _detector.CurrentSpeaker);  // not yet: hysteresis
        Speak(250, a: 40, b: 20);
        Assert.Equal("b", _detector.CurrentSpeaker);
        Assert.Equal(["a", "b"], _changes.Select(c => c.Track));
    }

    [Fact]
    public void A_short_burst_does_not_switch_the_speaker()
    {
        Speak(1000, a: 40);
        Speak(240, a: 40, c: 5);    // a cough
        Speak(1000, a: 40);
        Assert.Equal("a", _detector.CurrentSpeaker);
        Assert.Single(_changes);
    }

    [Fact]
    public void A_challenger_within_the_margin_does_not_switch()
    {
        Speak(1000, a: 40);
        Speak(2000, a: 40, b: 39);  // 1 dB louder, margin is 2 dB
        Assert.Equal("a", _detector.CurrentSpeaker);
    }

    [Fact]
    public void Silence_and_background_noise_keep_the_last_speaker()
    {
        Speak(1000, b: 25);
        Speak(3000, a: 80, b: Silent, c: 90); // everyone below the speech threshold
        Assert.Equal("b", _detector.CurrentSpeaker);
        Assert.Single(_changes);
    }

    [Fact]
    public void Alternating_speakers_produce_one_change_per_turn()
    {
        Speak(1000, a: 30);
        Speak(1000, b: 30);
        Speak(1000, a: 30);
        Assert.Equal(["a", "b", "a"], _changes.Select(c => c.Track));
    }

    [Fact]
    public void Removing_the_speaker_lets_the_next_one_take_over()
    {
        Speak(1000, a: 30, b: 50);
        Assert.Equal("a", _detector.CurrentSpeaker);
        _detector.RemoveTrack("a");
        Assert.Null(_detector.CurrentSpeaker);
        Speak(1000, a: 30, b: 50);
        Assert.Equal("b", _detector.CurrentSpeaker);
    }

    [Fact]
    public void Levels_are_read_from_the_rfc_6464_header_extension()
    {
        var packet = Packet(1, 0, 0x1111, pt: 111, audioLevelId: 1, level: 33);
        Assert.True(_detector.OnRtpPacket("a", packet, Header(packet), audioLevelExtensionId: 1));
        Assert.Equal(127 - 33, _detector.GetSmoothedLoudness("a"));
        Assert.False(_detector.OnRtpPacket("a", packet, Header(packet), audioLevelExtensionId: 2));
    }

    [Fact]
    public void Feeding_levels_and_updating_do_not_allocate()
    {
        Speak(1000, a: 30);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Speak(2000, a: 30, b: 60);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal("a", _detector.CurrentSpeaker);
    }
}
