using System.Buffers.Binary;
using Conference.Media.Rtp;
using Conference.Media.Sfu;
using static Conference.Media.Tests.Sfu.TestPackets;

namespace Conference.Media.Tests.Sfu;

public sealed class NackResponderTests : IDisposable
{
    private const uint Out = 0xA0A0A0A0;
    private const uint OutRtx = 0xB0B0B0B0;
    private readonly SfuTestClock _clock = new();
    private readonly PacketCache _cacheA = new(64);
    private readonly PacketCache _cacheB = new(64);
    private readonly RtpForwarder _forwarder;
    private readonly Dictionary<ushort, byte[]> _sent = new();

    public NackResponderTests()
    {
        _forwarder = new RtpForwarder(Out, 90000, PayloadTypeMap.Of((96, 100)), startAtKeyframe: true, _clock);
    }

    public void Dispose()
    {
        _cacheA.Dispose();
        _cacheB.Dispose();
    }

    private PacketCache? CacheFor(uint ssrc) => ssrc switch { 0x1111 => _cacheA, 0x2222 => _cacheB, _ => null };

    /// <summary>What the SFU does per published packet: cache the original, forward a copy.</summary>
    private void Publish(byte[] packet, bool keyframe = false)
    {
        var header = Header(packet);
        CacheFor(header.Ssrc)!.Store(packet, header);
        var copy = packet.ToArray();
        Assert.Equal(ForwardResult.Forwarded, _forwarder.Forward(copy, header, keyframe));
        _sent[Header(copy).SequenceNumber] = copy;
    }

    private NackResponder Responder(bool rtx) => new(_forwarder, CacheFor,
        rtx ? new RtxParameters(OutRtx, PayloadTypeMap.Of((100, 101))) : null, _clock, firstRtxSequenceNumber: 65535);

    [Fact]
    public void Answers_a_parsed_generic_nack_with_rtx_packets_carrying_the_original_sequence_number()
    {
        for (int i = 0; i < 10; i++) Publish(Packet((ushort)(200 + i), 3000u * (uint)i, 0x1111, pt: 96, payload: [(byte)i, 0xEE], audioLevelId: 3, level: 40), keyframe: i == 0);

        // The subscriber lost output 202 and 205 (RFC 4585 §6.2.1 PID + BLP).
        var rtcp = new byte[64];
        Assert.True(GenericNack.TryWrite(rtcp, 0x5555, Out, [202, 205], out int n));
        Assert.True(GenericNack.TryParse(rtcp.AsSpan(0, n), out var nack));
        Span<ushort> lost = stackalloc ushort[34];
        lost = lost[..nack.GetLostSequenceNumbers(lost)];

        var responder = Responder(rtx: true);
        var buffer = new byte[1500];
        var rtxPackets = new List<byte[]>();
        foreach (ushort seq in lost)
        {
            Assert.Equal(RetransmissionResult.Built, responder.TryBuildRetransmission(seq, buffer, out int length));
            rtxPackets.Add(buffer[..length]);
        }

        Assert.Equal(2, rtxPackets.Count);
        for (int i = 0; i < 2; i++)
        {
            var original = _sent[lost[i]];
            var h = Header(rtxPackets[i]);
            var oh = Header(original);
            Assert.Equal(OutRtx, h.Ssrc);
            Assert.Equal(101, h.PayloadType);
            Assert.Equal((ushort)(65535 + i), h.SequenceNumber);                   // own sequence space, wrapping
            Assert.Equal(oh.Timestamp, h.Timestamp);
            var payload = h.GetPayload(rtxPackets[i]);
            Assert.Equal(lost[i], BinaryPrimitives.ReadUInt16BigEndian(payload)); // RFC 4588 §4: OSN
            Assert.Equal(oh.GetPayload(original).ToArray(), payload[2..].ToArray());
            Assert.True(RtpHeaderExtensions.TryGetValue(rtxPackets[i], h, 3, out var level));
            Assert.Equal(0x80 | 40, level[0]);
        }
        Assert.Equal(2, responder.Retransmitted);
    }

    [Fact]
    public void Rtx_drops_the_original_padding()
    {
        Publish(Packet(1, 0, 0x1111), keyframe: true);
        // A padded packet: P bit + 4 padding bytes whose last says 4.
        var padded = Packet(2, 0, 0x1111, payload: [1, 2, 3, 4, 0, 0, 0, 4]);
        padded[0] |= 0x20;
        Publish(padded);

        var buffer = new byte[1500];
        Assert.Equal(RetransmissionResult.Built, Responder(rtx: true).TryBuildRetransmission(2, buffer, out int length));
        var h = Header(buffer.AsSpan(0, length));
        Assert.False(h.HasPadding);
        Assert.Equal([0, 2, 1, 2, 3, 4], h.GetPayload(buffer.AsSpan(0, length)).ToArray());
    }

    [Fact]
    public void Without_rtx_the_retransmission_is_byte_identical_to_what_was_forwarded()
    {
        Publish(Packet(50, 100, 0x1111), keyframe: true);
        Publish(Packet(51, 200, 0x1111));

        var buffer = new byte[1500];
        Assert.Equal(RetransmissionResult.Built, Responder(rtx: false).TryBuildRetransmission(51, buffer, out int length));
        Assert.Equal(_sent[51], buffer[..length]);
    }

    [Fact]
    public void A_nack_after_a_source_switch_finds_the_old_source_in_its_own_cache()
    {
        Publish(Packet(10, 0, 0x1111), keyframe: true);
        Publish(Packet(11, 0, 0x1111));
        _clock.AdvanceMs(20);
        Publish(Packet(900, 5000, 0x2222), keyframe: true); // output 12
        Publish(Packet(901, 5000, 0x2222));                 // output 13

        var responder = Responder(rtx: false);
        var buffer = new byte[1500];
        Assert.Equal(RetransmissionResult.Built, responder.TryBuildRetransmission(11, buffer, out int a));
        Assert.Equal(_sent[11], buffer[..a]);
        Assert.Equal(RetransmissionResult.Built, responder.TryBuildRetransmission(13, buffer, out int b));
        Assert.Equal(_sent[13], buffer[..b]);
    }

    [Fact]
    public void Repeats_of_the_same_number_are_rate_limited()
    {
        Publish(Packet(1, 0, 0x1111), keyframe: true);
        var responder = Responder(rtx: true);
        var buffer = new byte[1500];

        Assert.Equal(RetransmissionResult.Built, responder.TryBuildRetransmission(1, buffer, out _));
        _clock.AdvanceMs(99);
        Assert.Equal(RetransmissionResult.RateLimited, responder.TryBuildRetransmission(1, buffer, out _));
        _clock.AdvanceMs(1);
        Assert.Equal(RetransmissionResult.Built, responder.TryBuildRetransmission(1, buffer, out _));
        Assert.Equal(1, responder.Suppressed);
    }

    [Fact]
    public void Unknown_evicted_and_too_large_requests_are_reported()
    {
        for (int i = 0; i < 100; i++) Publish(Packet((ushort)i, 0, 0x1111), keyframe: i == 0);
        var responder = Responder(rtx: true);
        var buffer = new byte[1500];

        Assert.Equal(RetransmissionResult.UnknownSequenceNumber, responder.TryBuildRetransmission(100, buffer, out _)); // not sent yet
        Assert.Equal(RetransmissionResult.NotInCache, responder.TryBuildRetransmission(10, buffer, out _));              // evicted (capacity 64)
        Assert.Equal(RetransmissionResult.DestinationTooSmall, responder.TryBuildRetransmission(99, new byte[20], out _));
    }

    [Fact]
    public void Building_retransmissions_does_not_allocate()
    {
        for (int i = 0; i < 64; i++) Publish(Packet((ushort)i, 0, 0x1111, payload: new byte[1000]), keyframe: i == 0);
        var responder = new NackResponder(_forwarder, CacheFor, new RtxParameters(OutRtx, PayloadTypeMap.Of((100, 101))), _clock, TimeSpan.Zero);
        var buffer = new byte[1500];

        long built = Loop(responder, buffer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < 20; r++) built += Loop(responder, buffer);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(21 * 64, built);

        static long Loop(NackResponder responder, byte[] buffer)
        {
            long built = 0;
            for (ushort s = 0; s < 64; s++)
            {
                if (responder.TryBuildRetransmission(s, buffer, out _) == RetransmissionResult.Built) built++;
            }
            return built;
        }
    }
}
