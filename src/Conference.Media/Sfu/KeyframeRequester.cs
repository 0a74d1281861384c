using Conference.Media.Rtp;

namespace Conference.Media.Sfu;

/// <summary>
/// Asks one published video stream (one SSRC) for a keyframe: when a subscriber starts, when a subscriber
/// sends PLI/FIR, or when a forwarder switches layer. Requests from many subscribers are collapsed to at
/// most one per <see cref="MinInterval"/>: a keyframe is several times the size of a delta frame, and
/// the first request already makes the encoder produce one for everyone.
/// </summary>
public sealed class KeyframeRequester
{
    private readonly TimeProvider _time;
    private readonly long _minIntervalTicks;
    private long _lastRequest;
    private bool _requested;
    private byte _firSequenceNumber;

    /// <param name="senderSsrc">Our RTCP sender SSRC on the publisher's connection.</param>
    /// <param name="mediaSsrc">The publisher's stream that should send the keyframe.</param>
    public KeyframeRequester(uint senderSsrc, uint mediaSsrc, KeyframeRequestFormat format, TimeProvider? time = null, TimeSpan? minInterval = null)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        Format = format;
        _time = time ?? TimeProvider.System;
        MinInterval = minInterval ?? TimeSpan.FromMilliseconds(500);
        _minIntervalTicks = (long)(MinInterval.TotalSeconds * _time.TimestampFrequency);
    }

    public uint SenderSsrc { get; }

    /// <summary>Settable because a publisher's SSRC can change (restart) or be learned after the track was set up.</summary>
    public uint MediaSsrc { get; set; }

    public KeyframeRequestFormat Format { get; }
    public TimeSpan MinInterval { get; }
    public long RequestsWritten { get; private set; }
    public long RequestsSuppressed { get; private set; }

    /// <summary>
    /// Writes a PLI (RFC 4585 §6.3.1) or a FIR (RFC 5104 §4.3.1) into <paramref name="destination"/> and returns
    /// true, or returns false when one was produced less than <see cref="MinInterval"/> ago (or the buffer is too small).
    /// Send the bytes as (reduced-size, RFC 5506) RTCP to the publisher.
    /// </summary>
    public bool TryRequestKeyframe(Span<byte> destination, out int written)
    {
        written = 0;
        long now = _time.GetTimestamp();
        if (_requested && now - _lastRequest < _minIntervalTicks)
        {
            RequestsSuppressed++;
            return false;
        }

        bool ok = Format == KeyframeRequestFormat.Pli
            ? PictureLossIndication.TryWrite(destination, SenderSsrc, MediaSsrc, out written)
            // RFC 5104 §4.3.1.2: a new request carries the next sequence number (a repeat would reuse it).
            : FullIntraRequest.TryWrite(destination, SenderSsrc, [new FullIntraRequestEntry(MediaSsrc, _firSequenceNumber)], out written);
        if (!ok) return false;

        if (Format == KeyframeRequestFormat.Fir) _firSequenceNumber++;
        _requested = true;
        _lastRequest = now;
        RequestsWritten++;
        return true;
    }
}
