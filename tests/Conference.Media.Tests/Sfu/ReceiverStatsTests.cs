using Conference.Media.Rtp;
using Conference.Media.Sfu;
using static Conference.Media.Tests.Sfu.TestPackets;

namespace Conference.Media.Tests.Sfu;

public sealed class ReceiverStatsTests
{
    private readonly SfuTestClock _clock = new();

    private static bool Receive(ReceiverStats stats, ushort seq, uint ts = 0) => stats.OnPacket(Header(Packet(seq, ts, 0x1111)));

    [Fact]
    public void Extended_highest_sequence_number_counts_wraparounds()
    {
        var stats = new ReceiverStats(0x1111, 90000, _clock);
        for (int i = 65530; i < 65530 + 10; i++) Assert.True(Receive(stats, (ushort)i));

        var block = stats.CreateReportBlock();
        Assert.Equal(65536u + 3, block.ExtendedHighestSequenceNumber); // cycles 1, max 3
        Assert.Equal(0, block.CumulativeLost);
        Assert.Equal(0, block.FractionLost);
        Assert.Equal(0x1111u, block.Ssrc);
    }

    [Fact]
    public void Fraction_lost_covers_only_the_interval_since_the_last_report()
    {
        var stats = new ReceiverStats(0x1111, 90000, _clock);
        // Interval 1: 0..99 with 25 missing → 25/100 → 64/256.
        for (int i = 0; i < 100; i++) if (i % 4 != 1) Receive(stats, (ushort)i);
        var first = stats.CreateReportBlock();
        Assert.Equal(64, first.FractionLost);
        Assert.Equal(25, first.CumulativeLost);

        // Interval 2: 100..199 all received → 0, cumulative unchanged.
        for (int i = 100; i < 200; i++) Receive(stats, (ushort)i);
        var second = stats.CreateReportBlock();
        Assert.Equal(0, second.FractionLost);
        Assert.Equal(25, second.CumulativeLost);
        Assert.Equal(199u, second.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void Duplicates_make_cumulative_lost_negative_and_fraction_zero()
    {
        var stats = new ReceiverStats(0x1111, 90000, _clock);
        for (int i = 0; i < 10; i++) Receive(stats, (ushort)i);
        Receive(stats, 5);
        Receive(stats, 6);
        var block = stats.CreateReportBlock();
        Assert.Equal(-2, block.CumulativeLost);
        Assert.Equal(0, block.FractionLost);
    }

    [Fact]
    public void A_huge_jump_is_accepted_only_when_the_next_packet_confirms_it()
    {
        var stats = new ReceiverStats(0x1111, 90000, _clock);
        for (int i = 0; i < 10; i++) Receive(stats, (ushort)i);

        Assert.False(Receive(stats, 40000));   // RFC 3550 §A.1: could be a stray packet
        Assert.Equal(9u, stats.ExtendedHighestSequenceNumber);
        Assert.True(Receive(stats, 40001));    // confirmed: the source restarted, statistics restart
        Assert.Equal(40001u, stats.ExtendedHighestSequenceNumber);
        Assert.Equal(0, stats.CumulativeLost);
    }

    [Fact]
    public void Probation_from_rfc_3550_a1_can_be_required()
    {
        var stats = new ReceiverStats(0x1111, 90000, _clock, minSequential: 2);
        Assert.False(Receive(stats, 100));
        Assert.True(Receive(stats, 101));
        Assert.Equal(1u, stats.PacketsReceived);
    }

    [Fact]
    public void Jitter_follows_rfc_3550_a8_for_a_constant_arrival_offset_and_for_a_late_packet()
    {
        var stats = new ReceiverStats(0x1111, 90000, _clock);
        // 20 ms apart on the wire and in timestamps (1800 ticks): zero transit change, zero jitter.
        for (int i = 0; i < 10; i++)
        {
            Receive(stats, (ushort)i, (uint)(i * 1800));
            _clock.AdvanceMs(20);
        }
        Assert.Equal(0u, stats.Jitter);

        // One packet 10 ms late: D = 900 → J = 900/16 = 56.25 → reported 56.
        _clock.AdvanceMs(10);
        Receive(stats, 10, 18000);
        Assert.Equal(56u, stats.Jitter);
    }

    [Fact]
    public void Report_echoes_the_last_sender_report_and_the_delay_since_it()
    {
        var stats = new ReceiverStats(0x1111, 90000, _clock);
        Receive(stats, 1);
        stats.OnSenderReport(new SenderInfo(0x1234_5678_9ABC_DEF0, 0, 0, 0));
        _clock.AdvanceMs(500);

        var block = stats.CreateReportBlock();
        Assert.Equal(0x5678_9ABCu, block.LastSenderReport);
        Assert.Equal(32768u, block.DelaySinceLastSenderReport); // 0.5 s in 1/65536 s

        var rr = new byte[64];
        Assert.True(ReceiverReport.TryWrite(rr, 7, [block], out int n));
        Assert.True(ReceiverReport.TryParse(rr.AsSpan(0, n), out var parsed));
        Assert.Equal(block, parsed.GetReportBlock(0));
    }

    [Fact]
    public void Counting_does_not_allocate()
    {
        var stats = new ReceiverStats(0x1111, 90000, _clock);
        var headers = Enumerable.Range(0, 100).Select(i => Header(Packet((ushort)i, (uint)i * 90, 1))).ToArray();
        stats.OnPacket(headers[0]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i < headers.Length; i++) stats.OnPacket(headers[i]);
        stats.CreateReportBlock();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(100u, stats.PacketsReceived);
    }
}
