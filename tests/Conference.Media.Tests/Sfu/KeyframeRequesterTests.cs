using Conference.Media.Rtp;
using Conference.Media.Sfu;

namespace Conference.Media.Tests.Sfu;

public sealed class KeyframeRequesterTests
{
    private readonly SfuTestClock _clock = new();

    [Fact]
    public void Writes_a_pli_for_the_publisher_stream_at_most_once_per_interval()
    {
        var requester = new KeyframeRequester(senderSsrc: 1, mediaSsrc: 0x1234, KeyframeRequestFormat.Pli, _clock);
        var buffer = new byte[64];

        Assert.True(requester.TryRequestKeyframe(buffer, out int n));
        Assert.Equal(PictureLossIndication.Length, n);
        Assert.True(PictureLossIndication.TryParse(buffer.AsSpan(0, n), out uint sender, out uint media));
        Assert.Equal(1u, sender);
        Assert.Equal(0x1234u, media);

        _clock.AdvanceMs(499);
        Assert.False(requester.TryRequestKeyframe(buffer, out n)); // a subscriber's PLI inside the window is absorbed
        Assert.Equal(0, n);
        _clock.AdvanceMs(1);
        Assert.True(requester.TryRequestKeyframe(buffer, out _));
        Assert.Equal(2, requester.RequestsWritten);
        Assert.Equal(1, requester.RequestsSuppressed);
    }

    [Fact]
    public void Fir_carries_an_incrementing_command_sequence_number()
    {
        var requester = new KeyframeRequester(1, 0x1234, KeyframeRequestFormat.Fir, _clock, TimeSpan.FromMilliseconds(500));
        var buffer = new byte[64];
        for (int i = 0; i < 3; i++)
        {
            Assert.True(requester.TryRequestKeyframe(buffer, out int n));
            Assert.True(FullIntraRequest.TryParse(buffer.AsSpan(0, n), out var fir));
            Assert.Equal(new FullIntraRequestEntry(0x1234, (byte)i), fir.GetEntry(0));
            _clock.AdvanceMs(500);
        }
    }

    [Fact]
    public void A_too_small_buffer_produces_nothing_and_does_not_start_the_interval()
    {
        var requester = new KeyframeRequester(1, 2, KeyframeRequestFormat.Pli, _clock);
        Assert.False(requester.TryRequestKeyframe(new byte[4], out _));
        Assert.True(requester.TryRequestKeyframe(new byte[64], out _));
    }

    [Fact]
    public void Requesting_does_not_allocate()
    {
        var requester = new KeyframeRequester(1, 2, KeyframeRequestFormat.Fir, _clock, TimeSpan.Zero);
        var buffer = new byte[64];
        requester.TryRequestKeyframe(buffer, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) requester.TryRequestKeyframe(buffer, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1001, requester.RequestsWritten);
    }
}
