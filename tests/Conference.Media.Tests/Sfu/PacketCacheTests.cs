using Conference.Media.Sfu;
using static Conference.Media.Tests.Sfu.TestPackets;

namespace Conference.Media.Tests.Sfu;

// The canary's count is process-wide: the test that makes a violation on purpose never runs beside the one that checks for none.
[Collection("PooledBufferCanary")]
public sealed class PacketCacheTests
{
    [Fact]
    public void Returns_the_stored_bytes_by_ssrc_and_sequence_number()
    {
        using var cache = new PacketCache(8);
        var p = Packet(7, 1234, 0x1111, payload: [9, 8, 7]);
        Assert.True(cache.Store(p, Header(p)));

        Assert.True(cache.TryGet(0x1111, 7, out var got));
        Assert.Equal(p, got.ToArray());
        Assert.False(cache.TryGet(0x2222, 7, out _));
        Assert.False(cache.TryGet(0x1111, 8, out _));
    }

    [Fact]
    public void Keeps_only_the_last_capacity_packets_and_survives_wraparound()
    {
        using var cache = new PacketCache(8);
        for (int i = 65530; i < 65530 + 20; i++)
        {
            var p = Packet((ushort)i, 0, 0x1111);
            cache.Store(p, Header(p));
        }
        // Stored 65530..65535, 0..13: the last 8 are 6..13.
        Assert.False(cache.TryGet(0x1111, 5, out _));
        Assert.False(cache.TryGet(0x1111, 65535, out _));
        for (ushort s = 6; s <= 13; s++) Assert.True(cache.TryGet(0x1111, s, out _));
    }

    [Fact]
    public void Refuses_oversized_packets_and_bad_capacities()
    {
        using var cache = new PacketCache(4);
        var big = new byte[PacketCache.MaxPacketLength + 1];
        Packet(1, 0, 1).CopyTo(big, 0);
        Assert.False(cache.Store(big, Header(big)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacketCache(500));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacketCache(0));
    }

    [Fact]
    public void Disposed_cache_finds_nothing()
    {
        var cache = new PacketCache(4);
        var p = Packet(1, 0, 1);
        cache.Store(p, Header(p));
        cache.Dispose();
        Assert.False(cache.TryGet(1, 1, out _));
    }

    [Fact]
    public void The_canary_counts_a_pooled_buffer_written_after_its_return_and_a_disposed_cache_refuses_to_store()
    {
        PooledBufferCanary.Enabled = true;
        long before = PooledBufferCanary.Flush();
        var cache = new PacketCache(8);
        var p = Packet(7, 1234, 0x1111, payload: [9, 8, 7]);
        cache.Dispose();
        var stale = new byte[2048];

        PooledBufferCanary.Return(stale);
        stale[100] = 0x42; // what a Store into a returned buffer would do

        Assert.Throws<ObjectDisposedException>(() => cache.Store(p, Header(p)));
        Assert.True(PooledBufferCanary.Flush() > before);
    }
}
