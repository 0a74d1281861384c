using Conference.Media.Rtp;

namespace Conference.Media.Sfu;

/// <summary>
/// Counters of one stream the SFU sends a subscriber (the forwarder's output SSRC) and the RTP ↔ NTP mapping
/// for its SRs (RFC 3550 §6.4.1). Receivers use the mapping to align audio and video of one participant
/// (lip sync) and echo the SR in LSR so we can measure RTT.
/// Not thread-safe: update from the sending loop.
/// </summary>
public sealed class SenderStats
{
    private readonly TimeProvider _time;
    private uint _lastTimestamp;
    private long _lastSendTime;
    private bool _sent;

    public SenderStats(uint ssrc, int clockRate, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        Ssrc = ssrc;
        ClockRate = clockRate;
        _time = time ?? TimeProvider.System;
    }

    public uint Ssrc { get; }
    public int ClockRate { get; }

    /// <summary>RFC 3550 §6.4.1: packets sent since the stream began (wraps at 2^32).</summary>
    public uint PacketCount { get; private set; }

    /// <summary>RFC 3550 §6.4.1: payload octets (no header, no padding) sent since the stream began.</summary>
    public uint OctetCount { get; private set; }

    /// <summary>Counts a forwarded (not retransmitted) packet, with its rewritten header.</summary>
    public void OnPacketSent(in RtpHeader header) => OnPacketSent(header.Timestamp, header.PayloadLength);

    /// <summary>Counts a forwarded packet by its (rewritten) RTP timestamp and payload length.</summary>
    public void OnPacketSent(uint timestamp, int payloadLength)
    {
        PacketCount++;
        OctetCount += (uint)payloadLength;
        // Keep the newest timestamp: a reordered packet must not pull the mapping back in time.
        if (!_sent || (int)(timestamp - _lastTimestamp) >= 0)
        {
            _lastTimestamp = timestamp;
            _lastSendTime = _time.GetTimestamp();
            _sent = true;
        }
    }

    /// <summary>
    /// Sender info for an SR now: the wall clock as NTP, and the RTP timestamp that corresponds to it, extrapolated
    /// from the last packet sent by the elapsed time × clock rate (RFC 3550 §6.4.1: "not necessarily equal to the
    /// timestamp in any adjacent data packet"). False before anything was sent: an SR would have no mapping.
    /// </summary>
    public bool TryCreateSenderInfo(out SenderInfo info)
    {
        info = default;
        if (!_sent) return false;
        long elapsed = _time.GetTimestamp() - _lastSendTime;
        uint rtpNow = _lastTimestamp + (uint)(long)((double)elapsed * ClockRate / _time.TimestampFrequency);
        info = new SenderInfo(NtpTime.FromDateTimeOffset(_time.GetUtcNow()), rtpNow, PacketCount, OctetCount);
        return true;
    }

    /// <summary>Writes an SR for this stream with the given report blocks (usually none: the subscriber sends, we only forward).</summary>
    public bool TryWriteSenderReport(Span<byte> destination, ReadOnlySpan<ReportBlock> blocks, out int written)
    {
        written = 0;
        return TryCreateSenderInfo(out var info) && SenderReport.TryWrite(destination, Ssrc, info, blocks, out written);
    }
}
