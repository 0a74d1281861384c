using Conference.Media.Rtp;
using Conference.Media.Sfu;
using static Conference.Media.Tests.Sfu.TestPackets;

namespace Conference.Media.Tests.Sfu;

public sealed class RtpForwarderTests
{
    private const uint Out = 0xAABBCCDD;
    private readonly SfuTestClock _clock = new();

    private RtpForwarder Video(PayloadTypeMap? map = null) => new(Out, 90000, map ?? PayloadTypeMap.Identity(), startAtKeyframe: true, _clock);

    private static ForwardResult Send(RtpForwarder f, byte[] packet, bool keyframe = false) => f.Forward(packet, Header(packet), keyframe);

    [Fact]
    public void First_packet_keeps_numbers_and_takes_the_subscriber_ssrc_and_payload_type()
    {
        var f = Video(PayloadTypeMap.Of((96, 120)));
        var p = Packet(1000, 5000, 0x1111, pt: 96, marker: true);

        Assert.Equal(ForwardResult.Forwarded, Send(f, p, keyframe: true));

        var h = Header(p);
        Assert.Equal(Out, h.Ssrc);
        Assert.Equal(1000, h.SequenceNumber);
        Assert.Equal(5000u, h.Timestamp);
        Assert.Equal(120, h.PayloadType);
        Assert.True(h.Marker); // the payload type setter keeps the marker
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], h.GetPayload(p).ToArray());
    }

    [Fact]
    public void Video_waits_for_a_keyframe_and_leaves_dropped_packets_untouched()
    {
        var f = Video();
        var delta = Packet(10, 0, 0x1111);
        var before = delta.ToArray();

        Assert.Equal(ForwardResult.WaitingForKeyframe, Send(f, delta));
        Assert.Equal(before, delta);
        Assert.True(f.IsWaitingForKeyframe);

        Assert.Equal(ForwardResult.Forwarded, Send(f, Packet(11, 0, 0x1111), keyframe: true));
        Assert.False(f.IsWaitingForKeyframe);
        Assert.Equal(ForwardResult.Forwarded, Send(f, Packet(12, 0, 0x1111)));
    }

    [Fact]
    public void Audio_does_not_wait_for_keyframes()
    {
        var f = new RtpForwarder(Out, 48000, PayloadTypeMap.Identity(), startAtKeyframe: false, _clock);
        Assert.Equal(ForwardResult.Forwarded, Send(f, Packet(10, 0, 0x1111, pt: 111)));
    }

    [Fact]
    public void Unnegotiated_payload_type_is_dropped()
    {
        var f = Video(PayloadTypeMap.Of((96, 96)));
        Assert.Equal(ForwardResult.UnmappedPayloadType, Send(f, Packet(1, 0, 0x1111, pt: 100), keyframe: true));
    }

    [Fact]
    public void Source_switch_continues_the_sequence_and_advances_the_timestamp_by_elapsed_time()
    {
        var f = Video();
        Send(f, Packet(500, 90_000, 0x1111), keyframe: true);
        Send(f, Packet(501, 93_000, 0x1111));

        _clock.AdvanceMs(100); // 100 ms at 90 kHz = 9000 ticks
        Assert.Equal(ForwardResult.WaitingForKeyframe, Send(f, Packet(7, 1_000_000, 0x2222)));
        var first = Packet(8, 1_000_000, 0x2222);
        Assert.Equal(ForwardResult.Forwarded, Send(f, first, keyframe: true));
        var next = Packet(9, 1_003_000, 0x2222);
        Send(f, next);

        Assert.Equal(502, Header(first).SequenceNumber);
        Assert.Equal(93_000u + 9000u, Header(first).Timestamp);
        Assert.Equal(503, Header(next).SequenceNumber);
        Assert.Equal(93_000u + 9000u + 3000u, Header(next).Timestamp);
        Assert.Equal(Out, Header(next).Ssrc);
        Assert.Equal(0x2222u, f.SourceSsrc);
    }

    [Fact]
    public void Switch_without_elapsed_time_still_moves_the_timestamp_forward()
    {
        var f = Video();
        Send(f, Packet(1, 1000, 0x1111), keyframe: true);
        var p = Packet(1, 1000, 0x2222);
        Send(f, p, keyframe: true);
        Assert.Equal(1001u, Header(p).Timestamp);
        Assert.Equal(2, Header(p).SequenceNumber);
    }

    [Fact]
    public void Sequence_and_timestamp_stay_continuous_across_16_and_32_bit_wraparound()
    {
        var f = Video();
        Send(f, Packet(65534, uint.MaxValue - 10, 0x1111), keyframe: true);
        var a = Packet(65535, uint.MaxValue - 5, 0x1111);
        var b = Packet(0, 4, 0x1111);
        Send(f, a);
        Send(f, b);
        Assert.Equal(65535, Header(a).SequenceNumber);
        Assert.Equal(0, Header(b).SequenceNumber);
        Assert.Equal(4u, Header(b).Timestamp);

        _clock.AdvanceMs(10); // 900 ticks
        var c = Packet(40000, 77, 0x3333);
        Send(f, c, keyframe: true);
        Assert.Equal(1, Header(c).SequenceNumber);
        Assert.Equal(904u, Header(c).Timestamp);
    }

    [Fact]
    public void Switch_offsets_wrap_when_the_new_source_numbers_are_lower_or_higher()
    {
        var f = Video();
        Send(f, Packet(65000, 0, 0x1111), keyframe: true);
        var p = Packet(3, 0, 0x2222);
        Send(f, p, keyframe: true);
        var q = Packet(4, 0, 0x2222);
        Send(f, q);
        Assert.Equal(65001, Header(p).SequenceNumber);
        Assert.Equal(65002, Header(q).SequenceNumber);
    }

    [Fact]
    public void Reordered_packet_within_a_segment_keeps_its_place_and_does_not_move_the_head()
    {
        var f = Video();
        Send(f, Packet(10, 0, 0x1111), keyframe: true);
        Send(f, Packet(12, 0, 0x1111));
        var late = Packet(11, 0, 0x1111);
        Assert.Equal(ForwardResult.Forwarded, Send(f, late));
        Assert.Equal(11, Header(late).SequenceNumber);
        Assert.Equal(12, f.LastOutputSequenceNumber);
    }

    [Fact]
    public void Packet_older_than_the_switch_point_is_dropped_so_output_numbers_never_repeat()
    {
        var f = Video();
        Send(f, Packet(100, 0, 0x1111), keyframe: true);
        Send(f, Packet(50, 0, 0x2222), keyframe: true); // output 101
        Send(f, Packet(51, 0, 0x2222));                 // output 102

        Assert.Equal(ForwardResult.BeforeSwitchPoint, Send(f, Packet(49, 0, 0x2222)));
        Assert.Equal(102, f.LastOutputSequenceNumber);
    }

    [Fact]
    public void Long_segment_does_not_mistake_new_packets_for_old_ones()
    {
        var f = new RtpForwarder(Out, 48000, PayloadTypeMap.Identity(), startAtKeyframe: false, _clock);
        for (int i = 0; i < 70_000; i++)
        {
            var p = Packet((ushort)i, (uint)i * 960, 0x1111, pt: 111);
            Assert.Equal(ForwardResult.Forwarded, Send(f, p));
        }
        Assert.Equal(69_999 % 65536, f.LastOutputSequenceNumber);
    }

    [Fact]
    public void Resync_starts_a_new_segment_on_the_same_ssrc_at_the_next_keyframe()
    {
        var f = Video();
        Send(f, Packet(9000, 1000, 0x1111), keyframe: true);
        f.Resync();
        Assert.True(f.IsWaitingForKeyframe);
        Assert.Equal(ForwardResult.WaitingForKeyframe, Send(f, Packet(1, 50, 0x1111)));
        var p = Packet(2, 50, 0x1111);
        Assert.Equal(ForwardResult.Forwarded, Send(f, p, keyframe: true));
        Assert.Equal(9001, Header(p).SequenceNumber);
    }

    [Fact]
    public void A_big_sequence_jump_on_the_same_ssrc_is_a_restart_that_continues_the_output()
    {
        var video = Video();
        Send(video, Packet(100, 1000, 0x1111), keyframe: true);
        Assert.Equal(ForwardResult.WaitingForKeyframe, Send(video, Packet(40000, 7, 0x1111)));  // far behind in 16-bit terms
        Assert.Equal(ForwardResult.WaitingForKeyframe, Send(video, Packet(40001, 7, 0x1111)));  // still no keyframe
        var restarted = Packet(40002, 7, 0x1111);
        Assert.Equal(ForwardResult.Forwarded, Send(video, restarted, keyframe: true));
        Assert.Equal(101, Header(restarted).SequenceNumber);

        var audio = new RtpForwarder(Out, 48000, PayloadTypeMap.Identity(), startAtKeyframe: false, _clock);
        Send(audio, Packet(100, 1000, 0x1111, pt: 111));
        var jump = Packet(5000, 50, 0x1111, pt: 111);                                          // far ahead
        Assert.Equal(ForwardResult.Forwarded, Send(audio, jump));
        Assert.Equal(101, Header(jump).SequenceNumber);
        Assert.Equal(1001u, Header(jump).Timestamp);
    }

    [Fact]
    public void Output_numbers_map_back_to_the_segment_that_produced_them()
    {
        var f = Video();
        Send(f, Packet(100, 0, 0x1111), keyframe: true);
        Send(f, Packet(101, 0, 0x1111));
        Send(f, Packet(7, 0, 0x2222), keyframe: true); // output 102
        Send(f, Packet(8, 0, 0x2222));                 // output 103

        Assert.True(f.TryGetSegment(101, out var old));
        Assert.Equal(0x1111u, old.SourceSsrc);
        Assert.Equal(101, (ushort)(101 - old.SequenceOffset));
        Assert.True(f.TryGetSegment(103, out var current));
        Assert.Equal(0x2222u, current.SourceSsrc);
        Assert.Equal(8, (ushort)(103 - current.SequenceOffset));
        Assert.False(f.TryGetSegment(104, out _)); // not sent yet
    }

    [Fact]
    public void Forwarding_does_not_allocate()
    {
        var f = Video(PayloadTypeMap.Of((96, 98)));
        var packets = new byte[64][];
        for (int i = 0; i < packets.Length; i++) packets[i] = Packet((ushort)i, (uint)i * 3000, i < 32 ? 0x1111u : 0x2222u);
        var headers = packets.Select(p => Header(p)).ToArray();

        long sum = Loop(f, packets, headers); // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < 50; r++) sum += Loop(f, packets, headers);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(sum > 0);

        static long Loop(RtpForwarder f, byte[][] packets, RtpHeader[] headers)
        {
            long forwarded = 0;
            for (int i = 0; i < packets.Length; i++)
            {
                if (f.Forward(packets[i], headers[i], isKeyframe: i % 32 == 0) == ForwardResult.Forwarded) forwarded++;
            }
            return forwarded;
        }
    }

    [Fact]
    public void ResyncFrom_numbers_the_next_keyframe_where_the_dropped_packets_began_and_forgets_them()
    {
        var f = Video();
        Assert.Equal(ForwardResult.Forwarded, Send(f, Packet(100, 1000, 0x1111), keyframe: true));
        for (ushort s = 101; s <= 110; s++) Assert.Equal(ForwardResult.Forwarded, Send(f, Packet(s, 1000, 0x1111)));

        f.ResyncFrom(106); // 106..110 were queued and dropped: the subscriber saw up to 105
        Assert.False(f.TryGetSegment(107, out _)); // a NACK for a dropped number finds nothing
        Assert.True(f.TryGetSegment(105, out _));
        Assert.Equal(ForwardResult.WaitingForKeyframe, Send(f, Packet(111, 4000, 0x1111)));

        var keyframe = Packet(112, 4000, 0x1111);
        Assert.Equal(ForwardResult.Forwarded, Send(f, keyframe, keyframe: true));
        Assert.Equal(106, Header(keyframe).SequenceNumber); // no gap after 105
        Assert.True(Header(keyframe).Timestamp >= 1000u);
        Assert.True(f.TryGetSegment(106, out var segment));
        Assert.Equal(unchecked((ushort)(106 - 112)), segment.SequenceOffset);
    }

    [Fact]
    public void ResyncFrom_forgets_a_segment_that_began_among_the_dropped_packets()
    {
        var f = Video();
        Assert.Equal(ForwardResult.Forwarded, Send(f, Packet(100, 1000, 0x1111), keyframe: true));
        Assert.Equal(ForwardResult.Forwarded, Send(f, Packet(101, 1000, 0x1111)));
        Assert.Equal(ForwardResult.Forwarded, Send(f, Packet(500, 2000, 0x2222), keyframe: true)); // a layer switch: output 102
        Assert.Equal(ForwardResult.Forwarded, Send(f, Packet(501, 2000, 0x2222)));

        f.ResyncFrom(102); // the switch's keyframe never went out

        Assert.Equal(0x1111u, f.SourceSsrc);
        var keyframe = Packet(502, 5000, 0x2222);
        Assert.Equal(ForwardResult.Forwarded, Send(f, keyframe, keyframe: true));
        Assert.Equal(102, Header(keyframe).SequenceNumber);
        Assert.True(f.TryGetSegment(101, out var old));
        Assert.Equal(0x1111u, old.SourceSsrc);
    }
}
