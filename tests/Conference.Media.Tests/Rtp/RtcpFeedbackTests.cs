using Conference.Media.Rtp;

namespace Conference.Media.Tests.Rtp;

public sealed class RtcpFeedbackTests
{
    [Fact]
    public void Nack_expands_pid_and_blp_per_rfc4585()
    {
        // RFC 4585 §6.2.1: PID 100 with BLP bits 0 and 2 -> 100, 101, 103; PID 65535 with bits 0 and 15 wraps -> 65535, 0, 15.
        byte[] packet =
        [
            0x81, 0xCD, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
            0x00, 0x64, 0x00, 0x05,
            0xFF, 0xFF, 0x80, 0x01,
        ];
        Assert.True(GenericNack.TryParse(packet, out var nack));
        Assert.Equal(1u, nack.SenderSsrc);
        Assert.Equal(2u, nack.MediaSsrc);
        Assert.Equal(2, nack.ItemCount);
        Span<ushort> lost = stackalloc ushort[34];
        int n = nack.GetLostSequenceNumbers(lost);
        Assert.Equal(new ushort[] { 100, 101, 103, 65535, 0, 15 }, lost[..n].ToArray());
    }

    [Fact]
    public void Nack_builder_packs_ranges_into_items_and_round_trips()
    {
        ushort[] lost = [65530, 65531, 65535, 0, 10, 11, 40];
        var buffer = new byte[64];
        Assert.True(GenericNack.TryWrite(buffer, 7, 8, lost, out int written));
        // PID 65530 covers up to 65530+16 = 10 (wrapped): bits 0 (65531), 4 (65535), 5 (0), 15 (10).
        // 11 starts a second item; 40 is more than 16 past it, so a third.
        Assert.Equal(12 + 3 * 4, written);
        Assert.Equal(new byte[] { 0xFF, 0xFA, 0x80, 0x31, 0x00, 0x0B, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00 }, buffer[12..24]);
        Assert.True(GenericNack.TryParse(buffer.AsSpan(0, written), out var nack));
        var expanded = new ushort[64];
        int n = nack.GetLostSequenceNumbers(expanded);
        Assert.Equal(lost, expanded[..n]);
    }

    [Fact]
    public void Nack_expansion_stops_when_destination_is_full()
    {
        var buffer = new byte[32];
        Assert.True(GenericNack.TryWrite(buffer, 1, 2, [1, 2, 3, 4], out int written));
        Assert.True(GenericNack.TryParse(buffer.AsSpan(0, written), out var nack));
        Span<ushort> two = stackalloc ushort[2];
        Assert.Equal(2, nack.GetLostSequenceNumbers(two));
        Assert.Equal(2, two[1]);
    }

    [Fact]
    public void Pli_layout_matches_rfc4585()
    {
        var buffer = new byte[12];
        Assert.True(PictureLossIndication.TryWrite(buffer, 0x0A0B0C0D, 0x01020304, out int written));
        Assert.Equal(new byte[] { 0x81, 0xCE, 0x00, 0x02, 0x0A, 0x0B, 0x0C, 0x0D, 0x01, 0x02, 0x03, 0x04 }, buffer[..written]);
        Assert.True(PictureLossIndication.TryParse(buffer, out uint sender, out uint media));
        Assert.Equal((0x0A0B0C0Du, 0x01020304u), (sender, media));
        Assert.False(GenericNack.TryParse(buffer, out _)); // PSFB, not RTPFB
    }

    [Fact]
    public void Fir_layout_matches_rfc5104()
    {
        var buffer = new byte[32];
        Assert.True(FullIntraRequest.TryWrite(buffer, 0x11111111, [new(0x22222222, 5)], out int written));
        // RFC 5104 §4.3.1: FMT 4, PT 206, media SSRC 0, FCI = SSRC, seq nr, 3 reserved bytes.
        Assert.Equal(new byte[]
        {
            0x84, 0xCE, 0x00, 0x04, 0x11, 0x11, 0x11, 0x11, 0x00, 0x00, 0x00, 0x00,
            0x22, 0x22, 0x22, 0x22, 0x05, 0x00, 0x00, 0x00,
        }, buffer[..written]);
        Assert.True(FullIntraRequest.TryParse(buffer.AsSpan(0, written), out var fir));
        Assert.Equal(0x11111111u, fir.SenderSsrc);
        Assert.Equal(1, fir.EntryCount);
        Assert.Equal(new FullIntraRequestEntry(0x22222222, 5), fir.GetEntry(0));
    }

    [Fact]
    public void Remb_decodes_mantissa_and_exponent()
    {
        // draft-alvestrand-rmcat-remb-03 §2.2: exp 3, mantissa 0x12345 -> 74565 * 8 bps.
        byte[] packet =
        [
            0x8F, 0xCE, 0x00, 0x06, 0x01, 0x02, 0x03, 0x04, 0x00, 0x00, 0x00, 0x00,
            (byte)'R', (byte)'E', (byte)'M', (byte)'B', 0x02, 0x0D, 0x23, 0x45,
            0xAA, 0xAA, 0xAA, 0xAA, 0xBB, 0xBB, 0xBB, 0xBB,
        ];
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(packet, out var remb));
        Assert.Equal(0x01020304u, remb.SenderSsrc);
        Assert.Equal(596_520UL, remb.Bitrate);
        Assert.Equal(2, remb.SsrcCount);
        Assert.Equal(0xBBBBBBBBu, remb.GetSsrc(1));

        var buffer = new byte[64];
        Assert.True(ReceiverEstimatedMaxBitrate.TryWrite(buffer, 0x01020304, 596_520, [0xAAAAAAAAu, 0xBBBBBBBBu], out int written));
        // The builder picks the smallest exponent (2, mantissa 0x2468A): same value, canonical bytes.
        var expected = (byte[])packet.Clone();
        expected[17] = 0x0A; expected[18] = 0x46; expected[19] = 0x8A;
        Assert.Equal(expected, buffer[..written]);
    }

    [Fact]
    public void Remb_encoding_keeps_precision_within_mantissa()
    {
        var buffer = new byte[32];
        Assert.True(ReceiverEstimatedMaxBitrate.TryWrite(buffer, 1, 2_500_000_000, [9u], out int written));
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(buffer.AsSpan(0, written), out var remb));
        Assert.InRange(remb.Bitrate, 2_500_000_000UL - (1UL << 14), 2_500_000_000UL); // truncation loses < 2^exp
    }
}
