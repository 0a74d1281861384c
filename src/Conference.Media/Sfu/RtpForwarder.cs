using Conference.Media.Rtp;

namespace Conference.Media.Sfu;

/// <summary>
/// Rewrites one published track's packets for one subscriber so the subscriber sees a single continuous
/// RTP stream (one SSRC, gap-free sequence numbers, monotonic timestamps) even when the source changes:
/// a publisher restart, a new SSRC, or a simulcast layer switch. RFC 7667 §3.7 (selective forwarding
/// middlebox) is what makes this necessary: the SFU owns the outgoing SSRC space.
/// <para>
/// Offsets are computed only at switch points; in between, each packet costs four in-place field writes.
/// Not thread-safe: call it from the loop that receives the publisher's packets.
/// </para>
/// </summary>
public sealed class RtpForwarder
{
    private const int SegmentHistory = 8;
    private const int MaxDropout = 3000;

    private readonly TimeProvider _time;
    private readonly ForwardingSegment[] _segments = new ForwardingSegment[SegmentHistory];
    private int _newestSegment = -1;
    private int _segmentCount;

    private bool _started;
    private bool _resyncRequested;
    private long _firstExtendedSource;
    private long _highestExtendedSource;
    private ushort _lastOutputSequence;
    private uint _lastOutputTimestamp;
    private long _lastArrival;

    /// <param name="outputSsrc">The SSRC the subscriber's SDP announced for this track.</param>
    /// <param name="clockRate">RTP clock rate of the media (90000 for video, 48000 for Opus).</param>
    /// <param name="payloadTypes">Publisher → subscriber payload types.</param>
    /// <param name="startAtKeyframe">Video: start and switch only at a keyframe, so the decoder never sees a broken reference chain.</param>
    public RtpForwarder(uint outputSsrc, int clockRate, PayloadTypeMap payloadTypes, bool startAtKeyframe, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        OutputSsrc = outputSsrc;
        ClockRate = clockRate;
        PayloadTypes = payloadTypes;
        StartsAtKeyframe = startAtKeyframe;
        _time = time ?? TimeProvider.System;
    }

    public uint OutputSsrc { get; }
    public int ClockRate { get; }
    public PayloadTypeMap PayloadTypes { get; }
    public bool StartsAtKeyframe { get; }

    /// <summary>The SSRC currently forwarded; 0 before the first packet.</summary>
    public uint SourceSsrc => _newestSegment < 0 ? 0 : _segments[_newestSegment].SourceSsrc;

    /// <summary>True until a video forwarder has its first keyframe, or after <see cref="Resync"/> until the next one.</summary>
    public bool IsWaitingForKeyframe => StartsAtKeyframe && (!_started || _resyncRequested);

    public ushort LastOutputSequenceNumber => _lastOutputSequence;
    public uint LastOutputTimestamp => _lastOutputTimestamp;

    /// <summary>The subscriber's payload type of the newest packet forwarded (padding on RTX names its rtx type).</summary>
    public byte LastOutputPayloadType { get; private set; }
    public long PacketsForwarded { get; private set; }

    /// <summary>
    /// Starts a new segment at the next packet (the next keyframe for video) even if the SSRC stays the same:
    /// for a publisher that restarted its encoder and sequence numbers without changing SSRC.
    /// </summary>
    public void Resync() => _resyncRequested = true;

    /// <summary>
    /// Like <see cref="Resync"/>, for numbers that were assigned but never sent (a pacer dropped them): the next packet
    /// is numbered <paramref name="firstUnsent"/>, so the subscriber sees no gap, and NACKs for the dropped numbers find
    /// nothing. Segments that began among them are forgotten. Ignored for a number not among the last ones forwarded.
    /// </summary>
    public void ResyncFrom(ushort firstUnsent)
    {
        _resyncRequested = true;
        if (!_started || (ushort)(_lastOutputSequence - firstUnsent) >= 0x8000) return;
        _lastOutputSequence = (ushort)(firstUnsent - 1);
        while (_segmentCount > 0 && (short)(ushort)(_segments[_newestSegment].FirstOutputSequence - firstUnsent) >= 0)
        {
            _segmentCount--;
            _newestSegment = _segmentCount == 0 ? -1 : (_newestSegment - 1 + SegmentHistory) % SegmentHistory;
        }
    }

    /// <summary>
    /// Rewrites SSRC, sequence number, timestamp and payload type of <paramref name="packet"/> in place.
    /// <paramref name="isKeyframe"/> comes from <see cref="KeyframeDetector"/>, computed once per published packet.
    /// Anything but <see cref="ForwardResult.Forwarded"/> leaves the packet untouched and must not be sent.
    /// </summary>
    public ForwardResult Forward(Span<byte> packet, in RtpHeader header, bool isKeyframe)
    {
        if (!PayloadTypes.TryMap(header.PayloadType, out byte payloadType)) return ForwardResult.UnmappedPayloadType;

        long now = _time.GetTimestamp();
        bool switching = !_started || _resyncRequested || header.Ssrc != SourceSsrc;
        long extended = 0;
        if (!switching)
        {
            // Extend the 16-bit source number around the highest seen (RFC 3550 §A.1 style), so a packet
            // that was reordered across the switch point is recognised however long the segment runs.
            int delta = (short)(ushort)(header.SequenceNumber - (ushort)_highestExtendedSource);
            extended = _highestExtendedSource + delta;
            // RFC 3550 §A.1 MAX_DROPOUT: a jump this large on the same SSRC is a restarted sender, not loss or
            // reordering; continue the output numbering from here (at a keyframe for video).
            if (Math.Abs(delta) > MaxDropout)
            {
                _resyncRequested = true;
                switching = true;
            }
            else if (extended < _firstExtendedSource)
            {
                return ForwardResult.BeforeSwitchPoint;
            }
        }
        if (switching)
        {
            if (StartsAtKeyframe && !isKeyframe) return ForwardResult.WaitingForKeyframe;
            StartSegment(header, now);
        }
        else if (extended > _highestExtendedSource)
        {
            _highestExtendedSource = extended;
        }

        var segment = _segments[_newestSegment];
        ushort outputSequence = (ushort)(header.SequenceNumber + segment.SequenceOffset);
        uint outputTimestamp = header.Timestamp + segment.TimestampOffset;
        Rewrite(packet, OutputSsrc, outputSequence, outputTimestamp, payloadType);

        if (switching || (short)(ushort)(outputSequence - _lastOutputSequence) > 0)
        {
            _lastOutputSequence = outputSequence;
            _lastOutputTimestamp = outputTimestamp;
            _lastArrival = now;
            LastOutputPayloadType = payloadType;
        }
        PacketsForwarded++;
        return ForwardResult.Forwarded;
    }

    /// <summary>
    /// Finds the segment that produced an output sequence number (for NACKs), looking back at most 2^15 packets.
    /// False before the first packet or for a number not yet sent.
    /// </summary>
    public bool TryGetSegment(ushort outputSequenceNumber, out ForwardingSegment segment)
    {
        segment = default;
        if (!_started) return false;
        int distance = (ushort)(_lastOutputSequence - outputSequenceNumber);
        if (distance >= 0x8000) return false; // in the future, or too old to tell
        for (int i = 0; i < _segmentCount; i++)
        {
            var candidate = _segments[(_newestSegment - i + SegmentHistory) % SegmentHistory];
            if ((ushort)(_lastOutputSequence - candidate.FirstOutputSequence) >= distance)
            {
                segment = candidate;
                return true;
            }
        }
        return false;
    }

    /// <summary>The four field writes shared by forwarding and plain retransmission.</summary>
    internal static void Rewrite(Span<byte> packet, uint ssrc, ushort sequenceNumber, uint timestamp, byte payloadType)
    {
        RtpPacket.SetSsrc(packet, ssrc);
        RtpPacket.SetSequenceNumber(packet, sequenceNumber);
        RtpPacket.SetTimestamp(packet, timestamp);
        RtpPacket.SetPayloadType(packet, payloadType);
    }

    private void StartSegment(in RtpHeader header, long now)
    {
        ushort sequenceOffset;
        uint timestampOffset;
        if (!_started)
        {
            // The first source passes through unchanged: nothing to be continuous with yet.
            sequenceOffset = 0;
            timestampOffset = 0;
        }
        else
        {
            // Continue right after the last number sent; advance the timestamp by the wall-clock time since
            // the last forwarded packet, so the receiver's jitter buffer and A/V sync see real elapsed time.
            sequenceOffset = (ushort)(_lastOutputSequence + 1 - header.SequenceNumber);
            long elapsed = Math.Max(0, now - _lastArrival);
            long ticks = (long)((double)elapsed * ClockRate / _time.TimestampFrequency);
            uint nextTimestamp = _lastOutputTimestamp + (uint)Math.Clamp(ticks, 1, int.MaxValue);
            timestampOffset = nextTimestamp - header.Timestamp;
        }

        _newestSegment = (_newestSegment + 1) % SegmentHistory;
        _segmentCount = Math.Min(_segmentCount + 1, SegmentHistory);
        _segments[_newestSegment] = new ForwardingSegment(header.Ssrc, (ushort)(header.SequenceNumber + sequenceOffset), sequenceOffset, timestampOffset);
        _firstExtendedSource = _highestExtendedSource = header.SequenceNumber + 0x1_0000L; // room below for reordering
        _started = true;
        _resyncRequested = false;
    }
}
