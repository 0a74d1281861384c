using System.Buffers.Binary;
using Conference.Media.Rtp;

namespace Conference.Media.Sfu;

/// <summary>
/// Answers one subscriber's Generic NACKs (RFC 4585 §6.2.1) for one forwarded track: maps each NACKed output
/// sequence number back through the forwarder's segments to the publisher's packet in the
/// <see cref="PacketCache"/>, and rewrites a copy for the subscriber — as RTX (RFC 4588 §4) when the
/// subscriber negotiated it, else as a plain retransmission with the original output numbers.
/// Not thread-safe: use from the loop that handles the subscriber's RTCP (the engine's receive loop).
/// </summary>
public sealed class NackResponder
{
    private const int RepeatSlots = 256;
    private const int OsnLength = 2;

    private readonly RtpForwarder _forwarder;
    private readonly Func<uint, PacketCache?> _cacheForSource;
    private readonly TimeProvider _time;
    private readonly long _minRepeatTicks;
    private readonly ushort[] _resentSequence = new ushort[RepeatSlots];
    private readonly long[] _resentAt = new long[RepeatSlots];
    private readonly bool[] _resentUsed = new bool[RepeatSlots];
    private ushort _nextRtxSequence;

    /// <param name="cacheForSource">The cache of the publisher's stream with the given SSRC (simulcast layers have one each).</param>
    /// <param name="rtx">Null when the subscriber did not negotiate RTX.</param>
    /// <param name="minRepeatInterval">A sequence number is resent at most once per interval (default 100 ms, about one RTT):
    /// browsers repeat a NACK until the packet arrives, and a second copy in flight only adds load.</param>
    public NackResponder(RtpForwarder forwarder, Func<uint, PacketCache?> cacheForSource, RtxParameters? rtx,
        TimeProvider? time = null, TimeSpan? minRepeatInterval = null, ushort? firstRtxSequenceNumber = null)
    {
        _forwarder = forwarder;
        _cacheForSource = cacheForSource;
        Rtx = rtx;
        _time = time ?? TimeProvider.System;
        _minRepeatTicks = (long)((minRepeatInterval ?? TimeSpan.FromMilliseconds(100)).TotalSeconds * _time.TimestampFrequency);
        // RFC 3550 §5.1: the initial sequence number should be random.
        _nextRtxSequence = firstRtxSequenceNumber ?? (ushort)Random.Shared.Next(0, 0x10000);
    }

    public RtxParameters? Rtx { get; }
    public long Retransmitted { get; private set; }
    public long Suppressed { get; private set; }
    public long Missed { get; private set; }

    /// <summary>
    /// Writes the retransmission of <paramref name="outputSequenceNumber"/> (a number the subscriber saw from the
    /// forwarder) into <paramref name="destination"/>. Typical use: expand the NACK with
    /// <see cref="GenericNack.GetLostSequenceNumbers"/>, call this for each, send every <see cref="RetransmissionResult.Built"/>.
    /// </summary>
    public RetransmissionResult TryBuildRetransmission(ushort outputSequenceNumber, Span<byte> destination, out int length)
    {
        length = 0;
        if (!_forwarder.TryGetSegment(outputSequenceNumber, out var segment)) return Miss(RetransmissionResult.UnknownSequenceNumber);

        long now = _time.GetTimestamp();
        int slot = outputSequenceNumber & (RepeatSlots - 1);
        if (_resentUsed[slot] && _resentSequence[slot] == outputSequenceNumber && now - _resentAt[slot] < _minRepeatTicks)
        {
            Suppressed++;
            return RetransmissionResult.RateLimited;
        }

        ushort sourceSequence = (ushort)(outputSequenceNumber - segment.SequenceOffset);
        var cache = _cacheForSource(segment.SourceSsrc);
        if (cache is null || !cache.TryGet(segment.SourceSsrc, sourceSequence, out var original) ||
            !RtpPacket.TryParse(original, out var header))
        {
            return Miss(RetransmissionResult.NotInCache);
        }
        if (!_forwarder.PayloadTypes.TryMap(header.PayloadType, out byte payloadType)) return Miss(RetransmissionResult.UnknownSequenceNumber);
        uint timestamp = header.Timestamp + segment.TimestampOffset;

        if (Rtx is not null && Rtx.MediaToRtxPayloadType.TryMap(payloadType, out byte rtxPayloadType))
        {
            // RFC 4588 §4: same header (extensions included), own SSRC/sequence space, the original sequence
            // number (as this receiver knew it) in the first two payload bytes; RTP padding is not carried over.
            int needed = header.PayloadOffset + OsnLength + header.PayloadLength;
            if (destination.Length < needed) return RetransmissionResult.DestinationTooSmall;
            original.Slice(0, header.PayloadOffset).CopyTo(destination);
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(header.PayloadOffset), outputSequenceNumber);
            header.GetPayload(original).CopyTo(destination.Slice(header.PayloadOffset + OsnLength));
            destination[0] &= 0xDF; // clear P
            RtpForwarder.Rewrite(destination, Rtx.Ssrc, _nextRtxSequence++, timestamp, rtxPayloadType);
            length = needed;
        }
        else
        {
            // Plain retransmission (RFC 4585 §3.3 without RFC 4588): the very packet again, same output numbers.
            if (destination.Length < original.Length) return RetransmissionResult.DestinationTooSmall;
            original.CopyTo(destination);
            RtpForwarder.Rewrite(destination, _forwarder.OutputSsrc, outputSequenceNumber, timestamp, payloadType);
            length = original.Length;
        }

        _resentUsed[slot] = true;
        _resentSequence[slot] = outputSequenceNumber;
        _resentAt[slot] = now;
        Retransmitted++;
        return RetransmissionResult.Built;
    }

    /// <summary>
    /// A padding-only packet on the RTX stream (RFC 3550 §5.1 P bit, RFC 4588: the receiver drops an RTX packet without
    /// an OSN) for bandwidth probes: the RTX SSRC and sequence space, the rtx type of the last forwarded payload type,
    /// the last forwarded timestamp, <paramref name="paddingLength"/> (1..255) padding octets. False without RTX or
    /// before anything was forwarded.
    /// </summary>
    public bool TryBuildPadding(Span<byte> destination, int paddingLength, out int length)
    {
        length = 0;
        if (Rtx is null || paddingLength is < 1 or > 255 || _forwarder.PacketsForwarded == 0 ||
            !Rtx.MediaToRtxPayloadType.TryMap(_forwarder.LastOutputPayloadType, out byte rtxPayloadType) ||
            destination.Length < 12 + paddingLength)
        {
            return false;
        }
        destination[0] = 0xA0; // V=2, P=1
        destination[1] = 0;
        RtpForwarder.Rewrite(destination, Rtx.Ssrc, _nextRtxSequence++, _forwarder.LastOutputTimestamp, rtxPayloadType);
        destination.Slice(12, paddingLength - 1).Clear();
        destination[12 + paddingLength - 1] = (byte)paddingLength;
        length = 12 + paddingLength;
        return true;
    }

    private RetransmissionResult Miss(RetransmissionResult result)
    {
        Missed++;
        return result;
    }
}
