using Conference.Media.Rtp;

namespace Conference.Media.Recording;

/// <summary>
/// Turns one published track's RTP (decrypted, as received) into a WebM file without transcoding: a small jitter
/// buffer (<see cref="RtpReorderBuffer"/>) puts packets in order, VP8/VP9/H.264 frames are depacketised
/// (<see cref="VideoFrameAssembler"/>), RTP time becomes file time (<see cref="RtpTimeline"/>), and
/// <see cref="WebmMuxer"/> writes. Video starts at a keyframe (<see cref="WantsKeyframe"/> tells the SFU to ask
/// for one) and, after loss, resumes at the next one. An SSRC change (publisher restart) continues the same file.
/// One owner: the recording's writer thread.
/// </summary>
public sealed class WebmTrackRecorder
{
    private readonly RecordingTrackFormat _format;
    private readonly Stream _output;
    private readonly RtpReorderBuffer _reorder = new();
    private readonly RtpTimeline _timeline;
    private readonly VideoFrameAssembler? _video;
    private readonly RtpReorderBuffer.OrderedPacket _onOrdered;
    private readonly VideoFrameAssembler.CompleteFrame _onFrame;
    private WebmMuxer? _muxer;
    private byte[]? _sps, _pps;
    private uint _ssrc, _previousSsrc;
    private bool _hasSource;
    private long _lastArrivalMs;
    private volatile bool _wantsKeyframe;

    public WebmTrackRecorder(RecordingTrackFormat format, Stream output)
    {
        _format = format;
        _output = output;
        _timeline = new RtpTimeline(format.ClockRate);
        _video = format.IsVideo ? new VideoFrameAssembler(format.Codec) : null;
        _wantsKeyframe = format.IsVideo;
        _onOrdered = OnOrdered;
        _onFrame = OnFrame;
    }

    public RecordingTrackFormat Format => _format;

    /// <summary>Video only: the recorder is waiting for a keyframe (start, loss, new source). Read from any thread.</summary>
    public bool WantsKeyframe => _wantsKeyframe;

    /// <summary>The muxer, once the first frame arrived (video: the first keyframe, which gives the dimensions).</summary>
    public WebmMuxer? Muxer => _muxer;

    public int Width { get; private set; }
    public int Height { get; private set; }
    public long PacketsLost => _reorder.Lost;
    public long PacketsLate => _reorder.Late;
    public long FramesDropped => _video?.FramesDropped ?? 0;
    public int SourceChanges { get; private set; }

    /// <summary>Raised with the muxer when it is created (the storage can follow its <see cref="WebmMuxer.ClusterWritten"/>).</summary>
    public event Action<WebmMuxer>? Started;

    /// <summary>One RTP packet of the track, with the time it arrived (any monotonic millisecond clock).</summary>
    public void OnRtp(ReadOnlySpan<byte> packet, long arrivalMs)
    {
        if (!RtpPacket.TryParse(packet, out var header) || header.PayloadLength == 0) return;
        _lastArrivalMs = arrivalMs;
        if (!_hasSource || header.Ssrc != _ssrc)
        {
            if (_hasSource && header.Ssrc == _previousSsrc) return; // a straggler of the source we left
            if (_hasSource)
            {
                _reorder.Flush(_onOrdered);
                _reorder.Reset();
                _previousSsrc = _ssrc;
                SourceChanges++;
            }
            _hasSource = true;
            _ssrc = header.Ssrc;
            _timeline.NewSource();
            _video?.Restart();
        }
        _reorder.Push(packet, header.SequenceNumber, arrivalMs, _onOrdered);
        UpdateKeyframeWish();
    }

    /// <summary>Lets held packets past their wait go (call when the queue is idle).</summary>
    public void Tick(long nowMs)
    {
        _reorder.Expire(nowMs, _onOrdered);
        UpdateKeyframeWish();
    }

    /// <summary>Writes what is held and finalises the file (cues, duration, seek head). False when no frame was recorded.</summary>
    public bool Complete()
    {
        _reorder.Flush(_onOrdered);
        if (_muxer is null) return false;
        _muxer.Finish();
        return true;
    }

    private void UpdateKeyframeWish()
    {
        if (_video is not null) _wantsKeyframe = _video.WantsKeyframe || _muxer is null; // a keyframe that could not start the file (no SPS) asks again
    }

    private void OnOrdered(ReadOnlySpan<byte> packet, bool gapBefore)
    {
        if (!RtpPacket.TryParse(packet, out var header)) return;
        var payload = packet.Slice(header.PayloadOffset, header.PayloadLength);
        if (_video is not null)
        {
            _video.OnPacket(payload, header.Timestamp, header.Marker, gapBefore, _onFrame);
            return;
        }
        OnFrame(payload, header.Timestamp, keyframe: true);
    }

    private void OnFrame(ReadOnlySpan<byte> frame, uint timestamp, bool keyframe)
    {
        if (_muxer is null && !TryStart(frame, keyframe)) return;
        long notBefore = _muxer!.FramesWritten == 0 ? 0 : _muxer.DurationMs;
        _muxer.WriteFrame(_timeline.ToMilliseconds(timestamp, _lastArrivalMs, notBefore), frame, keyframe);
    }

    /// <summary>The muxer begins at the first frame (video: a keyframe whose size is known; H.264: with its SPS and PPS).</summary>
    private bool TryStart(ReadOnlySpan<byte> frame, bool keyframe)
    {
        byte[]? codecPrivate = null;
        switch (_format.Codec)
        {
            case RecordingCodec.Vp8 or RecordingCodec.Vp9:
                bool known = _format.Codec == RecordingCodec.Vp8
                    ? Vp8Payload.TryReadDimensions(frame, out int width, out int height)
                    : Vp9Payload.TryReadDimensions(frame, out width, out height);
                if (!known) return false;
                (Width, Height) = (width, height);
                break;
            case RecordingCodec.H264:
                H264Payload.FindParameterSets(frame, ref _sps, ref _pps); // kept from earlier frames too
                if (!keyframe || _sps is null || _pps is null || !H264Sps.TryReadDimensions(_sps, out width, out height)) return false;
                (Width, Height) = (width, height);
                codecPrivate = H264Payload.DecoderConfiguration(_sps, _pps);
                break;
        }
        _muxer = new WebmMuxer(_output, _format, Width, Height, codecPrivate: codecPrivate);
        Started?.Invoke(_muxer);
        return true;
    }
}
