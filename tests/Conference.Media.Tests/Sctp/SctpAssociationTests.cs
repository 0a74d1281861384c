using System.Text;
using Conference.Media.Sctp;

namespace Conference.Media.Tests.Sctp;

public sealed class SctpAssociationTests
{
    [Fact]
    public void One_sided_init_establishes_both_ends()
    {
        using var pipe = new SctpPipe();

        pipe.Connect();

        Assert.Contains(pipe.Delivered, d => d.FromA && d.Packet.Chunks[0] is SctpInitChunk { IsAck: false });
        Assert.Contains(pipe.Delivered, d => !d.FromA && d.Packet.Chunks[0] is SctpInitChunk { IsAck: true });
        Assert.Contains(pipe.Delivered, d => d.FromA && d.Packet.Chunks[0] is SctpCookieEchoChunk);
    }

    [Fact]
    public void Simultaneous_inits_converge_on_one_association()
    {
        using var pipe = new SctpPipe();

        pipe.Connect(both: true);

        Assert.True(pipe.A.TrySend(1, 51, "hello"u8));
        Assert.True(pipe.B.TrySend(2, 51, "world"u8));
        Assert.True(pipe.RunUntil(() => pipe.ReceivedByA.Count == 1 && pipe.ReceivedByB.Count == 1));
        Assert.Equal("hello", Encoding.UTF8.GetString(pipe.ReceivedByB[0].Data));
        Assert.Equal("world", Encoding.UTF8.GetString(pipe.ReceivedByA[0].Data));
    }

    [Fact]
    public void Handshake_survives_loss_of_init_and_cookie_echo()
    {
        using var pipe = new SctpPipe();
        int inits = 0, echoes = 0;
        pipe.Drop = (_, p) => p.Chunks[0] switch
        {
            SctpInitChunk { IsAck: false } => inits++ == 0,
            SctpCookieEchoChunk => echoes++ == 0,
            _ => false,
        };

        pipe.Connect();

        Assert.Equal(2, inits);
        Assert.Equal(2, echoes);
    }

    [Fact]
    public void Ordered_reliable_messages_arrive_complete_and_in_order()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();

        for (int i = 0; i < 1000; i++) Assert.True(pipe.A.TrySend(1, 51, Encoding.UTF8.GetBytes($"message {i}")));

        Assert.True(pipe.RunUntil(() => pipe.ReceivedByB.Count == 1000));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"message {i}"), pipe.ReceivedByB.Select(m => Encoding.UTF8.GetString(m.Data)));
        Assert.All(pipe.ReceivedByB, m => Assert.Equal((ushort)1, m.StreamId));
        Assert.All(pipe.ReceivedByB, m => Assert.False(m.Unordered));
        Assert.True(pipe.RunUntil(() => pipe.A.BufferedAmount == 0));
    }

    [Fact]
    public void A_200_KiB_message_is_fragmented_and_reassembled()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();
        var payload = new byte[200 * 1024];
        new Random(5).NextBytes(payload);

        Assert.True(pipe.A.TrySend(0, 53, payload));

        Assert.True(pipe.RunUntil(() => pipe.ReceivedByB.Count == 1));
        Assert.Equal(payload, pipe.ReceivedByB[0].Data);
        Assert.Equal(53u, pipe.ReceivedByB[0].Ppid);
        int dataChunks = pipe.Delivered.Where(d => d.FromA).SelectMany(d => d.Packet.Chunks).OfType<SctpDataChunk>().Count();
        Assert.True(dataChunks >= 200 * 1024 / 1172, $"expected fragmentation, saw {dataChunks} DATA chunks");
        Assert.All(pipe.Delivered, d => Assert.True(d.Packet.Length <= 1200));
    }

    [Fact]
    public void Packets_never_exceed_an_odd_max_packet_size()
    {
        // 1163 is what DTLS leaves for SCTP in a 1200-byte datagram with AES-GCM.
        var options = SctpPipe.FastOptions with { MaxPacketSize = 1163 };
        using var pipe = new SctpPipe(options, options);
        pipe.Connect();

        pipe.A.TrySend(1, 53, new byte[50_000]);

        Assert.True(pipe.RunUntil(() => pipe.ReceivedByB.Count == 1));
        Assert.All(pipe.Sent, d => Assert.True(d.Packet.Length <= 1163, $"packet of {d.Packet.Length} bytes"));
    }

    [Fact]
    public void Buffered_amount_is_counted_per_stream_until_acknowledged()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();

        pipe.A.TrySend(1, 53, new byte[30_000]);
        pipe.A.TrySend(2, 53, new byte[500]);

        Assert.Equal(30_000, pipe.A.GetBufferedAmount(1));
        Assert.Equal(500, pipe.A.GetBufferedAmount(2));
        Assert.Equal(30_500, pipe.A.BufferedAmount);
        Assert.True(pipe.RunUntil(() => pipe.A.BufferedAmount == 0));
        Assert.Equal(0, pipe.A.GetBufferedAmount(1));
        Assert.Equal(2, pipe.ReceivedByB.Count);
    }

    [Fact]
    public void Unordered_messages_carry_the_u_flag_and_all_arrive()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();
        var unordered = new SctpSendOptions(Ordered: false);

        for (int i = 0; i < 50; i++) pipe.A.TrySend(3, 53, BitConverter.GetBytes(i), unordered);
        pipe.A.TrySend(3, 53, new byte[5000], unordered); // fragmented unordered message

        Assert.True(pipe.RunUntil(() => pipe.ReceivedByB.Count == 51));
        Assert.All(pipe.ReceivedByB, m => Assert.True(m.Unordered));
        Assert.Equal(Enumerable.Range(0, 50).ToHashSet(),
            pipe.ReceivedByB.Where(m => m.Data.Length == 4).Select(m => BitConverter.ToInt32(m.Data)).ToHashSet());
        Assert.Contains(pipe.ReceivedByB, m => m.Data.Length == 5000);
        Assert.All(pipe.Delivered.SelectMany(d => d.Packet.Chunks).OfType<SctpDataChunk>(), c => Assert.True(c.Unordered));
    }

    [Theory]
    [InlineData(1234)]
    [InlineData(1)]
    [InlineData(99)]
    public void Reliable_messages_survive_ten_percent_loss_through_retransmission(int seed)
    {
        using var pipe = new SctpPipe(seed: seed);
        pipe.Connect();
        pipe.DropRate = 0.10;
        var payloads = Enumerable.Range(0, 300).Select(i => Encoding.UTF8.GetBytes(new string((char)('a' + i % 26), 1 + i * 7 % 3000))).ToList();

        foreach (byte[] p in payloads) Assert.True(pipe.A.TrySend(1, 53, p));

        Assert.True(pipe.RunUntil(() => pipe.ReceivedByB.Count == payloads.Count, TimeSpan.FromMinutes(5)),
            $"delivered {pipe.ReceivedByB.Count} of {payloads.Count}");
        Assert.Equal(payloads, pipe.ReceivedByB.Select(m => m.Data));
        Assert.True(pipe.RunUntil(() => pipe.A.BufferedAmount == 0, TimeSpan.FromMinutes(1)));
        Assert.True(pipe.DroppedCount > 20, $"only {pipe.DroppedCount} packets dropped");
    }

    [Fact]
    public void A_lost_packet_is_fast_retransmitted_after_three_miss_indications_without_waiting_for_t3()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();
        bool dropped = false;
        pipe.Drop = (fromA, p) => fromA && !dropped && p.Chunks.OfType<SctpDataChunk>().Any() && (dropped = true);
        var payloads = Enumerable.Range(0, 3).Select(i => Enumerable.Repeat((byte)i, 1000).ToArray()).ToList();

        foreach (byte[] p in payloads) pipe.A.TrySend(1, 53, p);
        pipe.Pump();
        // Three more packets give the receiver three SACKs that report the gap.
        for (int i = 3; i < 6; i++)
        {
            payloads.Add(Enumerable.Repeat((byte)i, 1000).ToArray());
            pipe.A.TrySend(1, 53, payloads[^1]);
            pipe.Pump();
        }

        Assert.Equal(payloads, pipe.ReceivedByB.Select(m => m.Data)); // no simulated time has passed: not T3
        Assert.Equal(2, pipe.Sent.Count(d => d.FromA && d.Packet.Chunks.OfType<SctpDataChunk>().Any(c => c.UserData.Span[0] == 0)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Max_retransmits_zero_abandons_a_lost_message_and_forward_tsn_moves_the_peer_on(bool ordered)
    {
        using var pipe = new SctpPipe();
        pipe.Connect();
        var options = new SctpSendOptions(Ordered: ordered, MaxRetransmits: 0);
        // Lose the (only) transmission of message "two".
        pipe.Drop = (fromA, p) => fromA && p.Chunks.OfType<SctpDataChunk>().Any(c => c.UserData.Span.SequenceEqual("two"u8));

        pipe.A.TrySend(5, 51, "one"u8, options);
        pipe.Pump();
        pipe.A.TrySend(5, 51, "two"u8, options);
        pipe.Pump();
        pipe.A.TrySend(5, 51, "three"u8, options);

        Assert.True(pipe.RunUntil(() => pipe.A.BufferedAmount == 0));
        Assert.Equal(["one", "three"], pipe.ReceivedByB.Select(m => Encoding.UTF8.GetString(m.Data)).Order());
        Assert.Contains(pipe.Delivered, d => d.FromA && d.Packet.Chunks.Any(c => c is SctpForwardTsnChunk));
        // "two" was sent exactly once: no retransmission for maxRetransmits 0.
        Assert.Equal(1, pipe.Sent.Count(d => d.FromA && d.Packet.Chunks.OfType<SctpDataChunk>()
            .Any(c => c.UserData.Span.SequenceEqual("two"u8))));
    }

    [Fact]
    public void Expired_lifetime_messages_are_abandoned()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();
        pipe.Drop = (fromA, p) => fromA && p.Chunks.Any(c => c is SctpDataChunk);
        var options = new SctpSendOptions(Ordered: true, MaxLifetime: TimeSpan.FromMilliseconds(300));

        pipe.A.TrySend(7, 53, new byte[] { 1 }, options);
        pipe.RunUntil(() => false, TimeSpan.FromSeconds(1));
        pipe.Drop = null;
        pipe.A.TrySend(7, 53, new byte[] { 2 }, SctpSendOptions.Reliable);

        Assert.True(pipe.RunUntil(() => pipe.ReceivedByB.Count == 1 && pipe.A.BufferedAmount == 0));
        Assert.Equal(new byte[] { 2 }, pipe.ReceivedByB[0].Data);
        Assert.Contains(pipe.Delivered, d => d.FromA && d.Packet.Chunks.Any(c => c is SctpForwardTsnChunk));
    }

    [Fact]
    public void Oversized_messages_are_refused_by_the_sender()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();

        Assert.False(pipe.A.TrySend(1, 53, new byte[256 * 1024 + 1]));
        Assert.True(pipe.A.TrySend(1, 53, new byte[256 * 1024]));
        Assert.False(pipe.A.TrySend(1, 53, ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Send_limit_follows_the_peers_announced_size_while_the_receive_limit_stays_ours()
    {
        // We accept 256 KiB but the peer announced 64 KiB (or nothing, RFC 8841 §6.1).
        var ours = SctpPipe.FastOptions with { MaxSendMessageSize = SctpSdpAttributes.EffectiveMaxMessageSize(null, 256 * 1024) };
        using var pipe = new SctpPipe(optionsA: ours);
        pipe.Connect();

        Assert.False(pipe.A.TrySend(1, 53, new byte[65537]));
        Assert.True(pipe.A.TrySend(1, 53, new byte[65536]));
        Assert.True(pipe.B.TrySend(1, 53, new byte[200 * 1024]));
        Assert.True(pipe.RunUntil(() => pipe.ReceivedByA.Count == 1 && pipe.ReceivedByB.Count == 1));
    }

    [Fact]
    public void Receiver_aborts_when_a_message_exceeds_its_maximum_size()
    {
        using var pipe = new SctpPipe(optionsA: SctpPipe.FastOptions with { MaxMessageSize = 1024 * 1024 },
            optionsB: SctpPipe.FastOptions with { MaxMessageSize = 64 * 1024 });
        pipe.Connect();

        pipe.A.TrySend(1, 53, new byte[100 * 1024]);

        Assert.True(pipe.RunUntil(() => pipe.ClosedA.Closed && pipe.ClosedB.Closed));
        Assert.Empty(pipe.ReceivedByB);
        Assert.Contains("maximum message size", pipe.ClosedB.Reason);
    }

    [Fact]
    public void Graceful_shutdown_delivers_queued_data_then_closes_both_sides()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();
        pipe.A.TrySend(1, 53, new byte[10_000]);

        pipe.A.Shutdown();

        Assert.True(pipe.RunUntil(() => pipe.ClosedA.Closed && pipe.ClosedB.Closed));
        Assert.Single(pipe.ReceivedByB);
        Assert.Null(pipe.ClosedA.Reason);
        Assert.Null(pipe.ClosedB.Reason);
        Assert.Equal(SctpAssociationState.Closed, pipe.B.State);
        Assert.Contains(pipe.Delivered, d => d.Packet.Chunks[0] is SctpEmptyChunk { ChunkType: SctpChunkType.ShutdownComplete });
        Assert.False(pipe.A.TrySend(1, 53, new byte[1]));
    }

    [Fact]
    public void Abort_closes_the_peer_with_a_reason()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();

        pipe.A.Abort("going away");
        pipe.Pump();

        Assert.Equal((true, "going away"), pipe.ClosedA);
        Assert.Equal((true, "aborted by peer"), pipe.ClosedB);
        Assert.Equal(SctpAssociationState.Closed, pipe.B.State);
    }

    [Fact]
    public void Heartbeat_is_answered_with_the_same_info()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();
        byte[] info = [0, 1, 0, 8, 0xDE, 0xAD, 0xBE, 0xEF];

        pipe.B.OnPacket(new SctpPacket(5000, 5000, pipe.B.LocalTag, [new SctpRawChunk(SctpChunkType.Heartbeat, 0, info)]).ToArray());
        pipe.Pump();

        var ack = pipe.Delivered.Select(d => d.Packet.Chunks[0]).OfType<SctpRawChunk>().Single(c => c.ChunkType == SctpChunkType.HeartbeatAck);
        Assert.Equal(info, ack.Value);
    }

    [Fact]
    public void A_duplicated_data_packet_is_delivered_once_and_reported_in_the_sack()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();
        pipe.A.TrySend(1, 51, "once"u8);
        pipe.Pump();
        SctpPacket data = pipe.Delivered.Last(d => d.FromA && d.Packet.Chunks.Any(c => c is SctpDataChunk)).Packet;
        uint tsn = data.Chunks.OfType<SctpDataChunk>().Single().Tsn;

        pipe.B.OnPacket(data.ToArray());
        pipe.Pump();

        Assert.Single(pipe.ReceivedByB);
        Assert.Contains(pipe.Delivered, d => !d.FromA && d.Packet.Chunks.OfType<SctpSackChunk>().Any(s => s.DuplicateTsns.Contains(tsn)));
    }

    [Fact]
    public void Packets_with_a_wrong_verification_tag_are_ignored()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();

        pipe.B.OnPacket(new SctpPacket(5000, 5000, pipe.B.LocalTag + 1, [SctpRawChunk.Abort(12, "x"u8)]).ToArray());
        pipe.Pump();

        Assert.Equal(SctpAssociationState.Established, pipe.B.State);
    }

    [Fact]
    public void Outgoing_stream_reset_is_performed_by_the_peer()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();
        ushort[]? incoming = null, outgoing = null;
        pipe.B.IncomingStreamsReset += s => incoming = s;
        pipe.A.OutgoingStreamsReset += s => outgoing = s;
        pipe.A.TrySend(4, 51, "last words"u8);

        pipe.A.ResetOutgoingStreams(4);

        Assert.True(pipe.RunUntil(() => incoming is not null && outgoing is not null));
        Assert.Equal([(ushort)4], incoming!);
        Assert.Equal([(ushort)4], outgoing!);
        Assert.Single(pipe.ReceivedByB);
        // SSNs restart at zero after the reset (RFC 6525 §5.2.2).
        pipe.A.TrySend(4, 51, "again"u8);
        Assert.True(pipe.RunUntil(() => pipe.ReceivedByB.Count == 2));
    }

    [Fact]
    public void Association_survives_garbage_packets()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();
        var random = new Random(3);
        for (int i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            pipe.B.OnPacket(bytes);
        }

        pipe.A.TrySend(1, 51, "ok"u8);

        Assert.True(pipe.RunUntil(() => pipe.ReceivedByB.Count == 1));
    }
}
