using System.Buffers.Binary;
using Conference.Media.Sfu.Pacing;

namespace Conference.Media.Tests.Sfu.Pacing;

/// <summary>The pacer on a fake clock (times are what the test says): its rate, its priorities and its bounded queues.</summary>
public sealed class PacketPacerTests
{
    private const long Tick = 5_000; // µs, the engine's tick

    private sealed class Recorder : IPacedTransmitter
    {
        public List<(long At, int Size, PacketPriority Priority, uint Ssrc, ushort Sequence)> Sent { get; } = new(4096);
        public List<(uint Ssrc, ushort First)> Dropped { get; } = new();

        public bool Transmit(ReadOnlySpan<byte> packet, PacketPriority priority, long nowMicroseconds)
        {
            Sent.Add((nowMicroseconds, packet.Length, priority, BinaryPrimitives.ReadUInt32BigEndian(packet[8..]),
                BinaryPrimitives.ReadUInt16BigEndian(packet[2..])));
            return true;
        }

        public void OnVideoDropped(uint ssrc, ushort firstSequence) => Dropped.Add((ssrc, firstSequence));
    }

    private static byte[] Rtp(uint ssrc, ushort sequence, int size)
    {
        var packet = new byte[size];
        packet[0] = 0x80;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        return packet;
    }

    /// <summary>Ticks every 5 ms from <paramref name="from"/> until the queue is empty (or the time runs out); returns the time.</summary>
    private static long TickUntilEmpty(PacketPacer pacer, long from, long limit = 10_000_000)
    {
        long now = from;
        while (pacer.OnTick(now) && now < limit) now += Tick;
        return now;
    }

    [Fact]
    public void A_keyframe_burst_leaves_at_the_estimate_times_the_pacing_factor_not_at_once()
    {
        var recorder = new Recorder();
        var pacer = new PacketPacer(recorder, 1_000_000); // 2.5 Mbit/s = 312.5 bytes per ms
        for (ushort i = 0; i < 100; i++) Assert.True(pacer.Send(Rtp(1, i, 1200), PacketPriority.Video, 0));

        Assert.InRange(recorder.Sent.Count, 1, 3); // a burst of at most a tick's worth (one full packet at least)
        Assert.Equal(100 - recorder.Sent.Count, pacer.QueuedPackets);
        long drained = TickUntilEmpty(pacer, Tick);

        Assert.Equal(100, recorder.Sent.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (ushort)i), recorder.Sent.Select(s => s.Sequence)); // in order
        double expectedMs = 100 * (1200 + pacer.Options.PerPacketOverhead) / 312.5;
        Assert.InRange(drained / 1000.0, expectedMs * 0.9, expectedMs * 1.1);
        // No 5 ms window carries more than a tick's worth plus one packet.
        foreach (var group in recorder.Sent.GroupBy(s => s.At / Tick))
        {
            Assert.True(group.Sum(s => s.Size + 46) <= 312.5 * 5 + 1246 + 1, $"window {group.Key}: {group.Sum(s => s.Size)} bytes");
        }
        Assert.Equal(100 - recorder.Sent.Count(s => s.At == 0), pacer.DelayedPackets);
    }

    [Fact]
    public void Packets_go_straight_out_while_the_rate_allows_and_a_higher_estimate_drains_faster()
    {
        var recorder = new Recorder();
        var pacer = new PacketPacer(recorder, 1_000_000);
        // 1 Mbit/s of 1000-byte packets (one per 8 ms) is under the 2.5 Mbit/s pacing rate: nothing waits.
        for (ushort i = 0; i < 50; i++)
        {
            Assert.True(pacer.Send(Rtp(1, i, 1000), PacketPriority.Video, i * 8_000L));
            Assert.False(pacer.HasQueued);
        }
        Assert.Equal(0, pacer.DelayedPackets);

        var slow = new Recorder();
        var slowPacer = new PacketPacer(slow, 500_000);
        var fast = new Recorder();
        var fastPacer = new PacketPacer(fast, 2_000_000);
        for (ushort i = 0; i < 40; i++)
        {
            slowPacer.Send(Rtp(1, i, 1200), PacketPriority.Video, 0);
            fastPacer.Send(Rtp(1, i, 1200), PacketPriority.Video, 0);
        }
        long slowDone = TickUntilEmpty(slowPacer, Tick), fastDone = TickUntilEmpty(fastPacer, Tick);
        Assert.InRange((double)slowDone / fastDone, 3.2, 4.8); // a quarter of the rate, about four times as long
    }

    [Fact]
    public void Audio_is_never_held_and_retransmissions_overtake_queued_video()
    {
        var recorder = new Recorder();
        var pacer = new PacketPacer(recorder, 500_000);
        for (ushort i = 0; i < 60; i++) pacer.Send(Rtp(1, i, 1200), PacketPriority.Video, 0);
        int before = recorder.Sent.Count;

        Assert.True(pacer.Send(Rtp(2, 7, 120), PacketPriority.Audio, 1_000));
        Assert.Equal(before + 1, recorder.Sent.Count);
        Assert.Equal((PacketPriority.Audio, 1_000L), (recorder.Sent[^1].Priority, recorder.Sent[^1].At));

        Assert.True(pacer.Send(Rtp(3, 42, 1202), PacketPriority.Retransmission, 2_000));
        Assert.True(pacer.Send(Rtp(3, 43, 1202), PacketPriority.Retransmission, 2_000));
        TickUntilEmpty(pacer, Tick);

        var afterAudio = recorder.Sent.Skip(before + 1).ToList();
        Assert.Equal(PacketPriority.Retransmission, afterAudio[0].Priority);
        Assert.Equal(PacketPriority.Retransmission, afterAudio[1].Priority);
        Assert.Equal((ushort)42, afterAudio[0].Sequence);
        Assert.All(afterAudio.Skip(2), s => Assert.Equal(PacketPriority.Video, s.Priority));
        Assert.Equal(60 + 1 + 2, recorder.Sent.Count);
    }

    [Fact]
    public void A_full_video_queue_drops_its_video_and_says_where_each_stream_stopped()
    {
        var recorder = new Recorder();
        var options = new PacerOptions { VideoCapacity = 8, RetransmissionCapacity = 2 };
        var pacer = new PacketPacer(recorder, 100_000, options); // 250 kbit/s: a 1200-byte packet per ~40 ms
        ushort a = 100, b = 500;
        for (int i = 0; i < 6; i++)
        {
            pacer.Send(Rtp(0xA, a++, 1200), PacketPriority.Video, 0);
            pacer.Send(Rtp(0xB, b++, 1200), PacketPriority.Video, 0);
        }
        // 12 sent into room for (at most 2 straight out) + 8: the queue overflowed once.
        Assert.True(pacer.QueuedPackets <= 8);
        Assert.Equal(1, pacer.VideoFlushes);
        Assert.Equal(2, recorder.Dropped.Count);
        var firstA = recorder.Dropped.Single(d => d.Ssrc == 0xA).First;
        var firstB = recorder.Dropped.Single(d => d.Ssrc == 0xB).First;
        // Everything of a stream from its first dropped number on never went out; everything before did (or waits).
        Assert.DoesNotContain(recorder.Sent, s => s.Ssrc == 0xA && s.Sequence >= firstA);
        Assert.DoesNotContain(recorder.Sent, s => s.Ssrc == 0xB && s.Sequence >= firstB);
        Assert.Equal(12, recorder.Sent.Count + pacer.QueuedPackets + pacer.DroppedVideo);

        // Retransmissions beyond their queue are dropped on their own, counted; video is not touched by them.
        int queuedVideo = pacer.QueuedPackets;
        for (ushort i = 0; i < 5; i++) pacer.Send(Rtp(0xC, i, 1202), PacketPriority.Retransmission, 0);
        Assert.True(pacer.DroppedRetransmissions >= 3);
        Assert.Equal(queuedVideo + 5 - pacer.DroppedRetransmissions, pacer.QueuedPackets);

        // Nothing waits beyond the queue time limit, however low the rate: the pacer speeds up to empty it in time.
        long done = TickUntilEmpty(pacer, Tick);
        Assert.InRange(done, 0, (long)(options.QueueTimeLimit.TotalMilliseconds * 1000) + 4 * Tick);
    }

    [Fact]
    public void A_long_queue_goes_out_within_the_queue_time_limit()
    {
        var recorder = new Recorder();
        var pacer = new PacketPacer(recorder, 100_000); // 250 kbit/s; 300 packets would take ~12 s at that rate
        for (ushort i = 0; i < 300; i++) pacer.Send(Rtp(1, i, 1200), PacketPriority.Video, 0);
        TickUntilEmpty(pacer, Tick);

        Assert.Equal(300, recorder.Sent.Count);
        Assert.Equal(0, pacer.DroppedVideo);
        Assert.InRange(recorder.Sent[^1].At, 0, 500_000 + 2 * Tick);
    }

    [Fact]
    public void More_offered_than_the_estimate_is_smoothed_not_queued_without_end()
    {
        var recorder = new Recorder();
        var pacer = new PacketPacer(recorder, 100_000); // pacing 250 kbit/s, but 1 Mbit/s is offered (no layer to drop to)
        ushort sequence = 0;
        for (long now = 0; now < 3_000_000; now += 1_000) // 1 ms steps: a packet each 8 ms, a tick each 5 ms
        {
            if (now % 8_000 == 0) pacer.Send(Rtp(1, sequence++, 1000), PacketPriority.Video, now);
            if (now % Tick == 0) pacer.OnTick(now);
            if (now == 2_000_000) pacer.TakeLongestWait();
        }

        Assert.Equal(0, pacer.DroppedVideo);
        Assert.InRange(pacer.QueuedPackets, 0, 2);
        Assert.InRange(pacer.TakeLongestWait(), 0, 4 * Tick); // in the last second nothing waited more than a few ticks
    }

    [Fact]
    public void Closing_releases_the_queue_and_refuses_more()
    {
        var recorder = new Recorder();
        var totals = new PacerTotals();
        var pacer = new PacketPacer(recorder, 100_000, totals: totals);
        for (ushort i = 0; i < 20; i++) pacer.Send(Rtp(1, i, 1200), PacketPriority.Video, 0);
        Assert.Equal(pacer.QueuedPackets, totals.QueuedPackets);
        Assert.Equal(pacer.QueuedBytes, totals.QueuedBytes);

        pacer.Close();

        Assert.Equal(0, pacer.QueuedPackets);
        Assert.Equal(0, totals.QueuedPackets);
        Assert.Equal(0, totals.QueuedBytes);
        Assert.False(pacer.Send(Rtp(1, 99, 100), PacketPriority.Audio, 1));
        Assert.False(pacer.OnTick(Tick));
    }

    [Fact]
    public void Steady_pacing_does_not_allocate()
    {
        var recorder = new Recorder();
        var pacer = new PacketPacer(recorder, 300_000);
        byte[] packet = Rtp(1, 0, 1200);
        long now = 0;
        ushort sequence = 0;
        void Burst()
        {
            recorder.Sent.Clear();
            for (int i = 0; i < 30; i++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence++);
                pacer.Send(packet, i % 10 == 0 ? PacketPriority.Retransmission : PacketPriority.Video, now);
            }
            while (pacer.OnTick(now)) now += Tick;
        }
        Burst(); // the pool grows to the deepest queue once
        Assert.Equal(0, AllocationProbe.Fewest(Burst));
    }

    [Fact]
    public void Many_connections_whose_bursts_queue_past_the_kept_buffers_do_not_allocate_once_grown_and_give_idle_buffers_back()
    {
        // 40 subscriber connections of one loop, each queueing 80 packets per burst (more than the 32 always kept):
        // handing the surplus to the shared ArrayPool after every burst made each next burst allocate, the pool holding
        // only a few dozen arrays of a size.
        var recorder = new Recorder();
        var pacers = Enumerable.Range(0, 40).Select(_ => new PacketPacer(recorder, 300_000)).ToArray();
        byte[] packet = Rtp(1, 0, 1200);
        long now = 0;
        ushort sequence = 0;
        void Bursts()
        {
            recorder.Sent.Clear();
            foreach (PacketPacer pacer in pacers)
            {
                for (int i = 0; i < 80; i++)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence++);
                    pacer.Send(packet, PacketPriority.Video, now);
                }
            }
            bool queued = true;
            while (queued)
            {
                now += Tick;
                queued = false;
                foreach (PacketPacer pacer in pacers) queued |= pacer.OnTick(now);
            }
        }
        Bursts(); // each pool grows to its deepest queue once
        Assert.True(recorder.Sent.Count >= 40 * 80 - 40, "the bursts went out");
        Assert.Equal(0, AllocationProbe.Fewest(Bursts));

        Assert.All(pacers, p => Assert.True(p.FreeBuffers > PacketBufferPool.Kept, $"{p.FreeBuffers} free after the bursts"));

        // Idle for longer than the pool's idle time: the surplus goes back (within two looks), the kept ones stay.
        foreach (PacketPacer pacer in pacers) pacer.OnTick(now + 3_000_000);
        foreach (PacketPacer pacer in pacers) pacer.OnTick(now + 6_000_000);
        Assert.All(pacers, p => Assert.Equal(PacketBufferPool.Kept, p.FreeBuffers));
        now += 6_000_000;
        Bursts();
        Assert.True(recorder.Sent.Count >= 40 * 80 - 40, "the bursts after the trim went out");
    }
}
