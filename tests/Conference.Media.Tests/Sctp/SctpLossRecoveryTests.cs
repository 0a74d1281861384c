using System.Text;
using Conference.Media.Sctp;

namespace Conference.Media.Tests.Sctp;

/// <summary>Control chunks lost once must be recovered by their timers or by the peer's retransmission.</summary>
public sealed class SctpLossRecoveryTests
{
    private static Func<bool, SctpPacket, bool> DropFirst(Func<SctpChunk, bool> match)
    {
        bool dropped = false;
        return (_, packet) => !dropped && packet.Chunks.Any(match) && (dropped = true);
    }

    [Fact]
    public void Lost_cookie_ack_is_answered_again_when_the_cookie_echo_is_retransmitted()
    {
        using var pipe = new SctpPipe();
        pipe.Drop = DropFirst(c => c is SctpEmptyChunk { ChunkType: SctpChunkType.CookieAck });

        pipe.Connect();

        Assert.Equal(2, pipe.Sent.Count(d => d.Packet.Chunks[0] is SctpCookieEchoChunk));
        Assert.Equal(2, pipe.Sent.Count(d => d.Packet.Chunks[0] is SctpEmptyChunk { ChunkType: SctpChunkType.CookieAck }));
    }

    [Fact]
    public void Lost_forward_tsn_is_repeated_by_t3()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();
        var options = new SctpSendOptions(Ordered: true, MaxRetransmits: 0);
        bool dataDropped = false;
        Func<bool, SctpPacket, bool> dropForward = DropFirst(c => c is SctpForwardTsnChunk);
        pipe.Drop = (fromA, p) =>
            (!dataDropped && p.Chunks.OfType<SctpDataChunk>().Any() && (dataDropped = true)) || dropForward(fromA, p);

        pipe.A.TrySend(2, 51, "lost"u8, options);
        pipe.Pump();
        pipe.A.TrySend(2, 51, "kept"u8, options);

        Assert.True(pipe.RunUntil(() => pipe.ReceivedByB.Count == 1 && pipe.A.BufferedAmount == 0));
        Assert.Equal("kept", Encoding.UTF8.GetString(pipe.ReceivedByB[0].Data));
        Assert.True(pipe.Sent.Count(d => d.Packet.Chunks.Any(c => c is SctpForwardTsnChunk)) >= 2);
    }

    [Fact]
    public void Shutdown_completes_when_shutdown_and_shutdown_ack_are_lost_once()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();
        Func<bool, SctpPacket, bool> dropShutdown = DropFirst(c => c is SctpShutdownChunk);
        Func<bool, SctpPacket, bool> dropShutdownAck = DropFirst(c => c is SctpEmptyChunk { ChunkType: SctpChunkType.ShutdownAck });
        pipe.Drop = (fromA, p) => dropShutdown(fromA, p) || dropShutdownAck(fromA, p);

        pipe.B.Shutdown();

        Assert.True(pipe.RunUntil(() => pipe.ClosedA.Closed && pipe.ClosedB.Closed));
        Assert.Null(pipe.ClosedA.Reason);
        Assert.Null(pipe.ClosedB.Reason);
    }

    [Fact]
    public void Simultaneous_shutdown_closes_both_sides()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();

        pipe.A.Shutdown();
        pipe.B.Shutdown();

        Assert.True(pipe.RunUntil(() => pipe.ClosedA.Closed && pipe.ClosedB.Closed));
    }

    [Fact]
    public void Lost_stream_reset_request_is_retransmitted()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();
        ushort[]? reset = null;
        pipe.B.IncomingStreamsReset += s => reset = s;
        pipe.Drop = DropFirst(c => c is SctpReconfigChunk);

        pipe.A.ResetOutgoingStreams(6);

        Assert.True(pipe.RunUntil(() => reset is not null));
        Assert.Equal(new ushort[] { 6 }, reset);
    }

    [Fact]
    public void Association_gives_up_after_the_retransmission_limit()
    {
        var options = SctpPipe.FastOptions with { MaxAssociationRetransmits = 3 };
        using var pipe = new SctpPipe(options, options);
        pipe.Connect();
        pipe.Drop = (fromA, _) => fromA; // the peer has vanished

        pipe.A.TrySend(1, 51, "anyone?"u8);

        Assert.True(pipe.RunUntil(() => pipe.ClosedA.Closed));
        Assert.Contains("unreachable", pipe.ClosedA.Reason);
    }
}
