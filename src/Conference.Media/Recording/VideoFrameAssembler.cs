namespace Conference.Media.Recording;

/// <summary>
/// Joins the payloads of one video frame (same RTP timestamp, from the packet that begins it to the one that ends it)
/// after the codec's payload descriptor is stripped (VP8, VP9), or as length-prefixed NAL units (H.264, see
/// <see cref="H264Payload"/>). A gap inside a frame breaks it; after a broken frame nothing is written until the next
/// keyframe (decoders would show corruption), and <see cref="WantsKeyframe"/> asks for one.
/// </summary>
internal sealed class VideoFrameAssembler(RecordingCodec codec)
{
    private readonly FrameBuffer _frame = new();
    private int _openNal = -1;
    private uint _timestamp;
    private bool _open, _broken, _keyframe, _waitingForKeyframe = true;

    public bool WantsKeyframe => _waitingForKeyframe;
    public long FramesDropped { get; private set; }

    public delegate void CompleteFrame(ReadOnlySpan<byte> frame, uint timestamp, bool keyframe);

    /// <summary>A new source begins: the next frame written must be a keyframe.</summary>
    public void Restart()
    {
        if (_open) FramesDropped++;
        _open = false;
        _waitingForKeyframe = true;
    }

    public void OnPacket(ReadOnlySpan<byte> payload, uint timestamp, bool marker, bool gapBefore, CompleteFrame complete)
    {
        if (gapBefore)
        {
            if (_open) _broken = true;
            else _waitingForKeyframe = true; // a whole frame may have been lost: later frames reference it
        }
        if (_open && timestamp != _timestamp)
        {
            FramesDropped++; // the end of the previous frame never came
            _open = false;
            _waitingForKeyframe = true;
        }
        var descriptor = codec switch
        {
            RecordingCodec.Vp8 => Vp8Payload.Parse(payload),
            RecordingCodec.Vp9 => Vp9Payload.Parse(payload),
            _ => H264Payload.Parse(payload),
        };
        if (!descriptor.Valid)
        {
            if (_open) _broken = true;
            return;
        }
        if (codec == RecordingCodec.H264)
        {
            // No start-of-frame bit: a frame begins with the first packet after the last one's marker (a NAL unit or its first fragment).
            if (!_open && descriptor.StartsFrame) Begin(timestamp, keyframe: false);
            if (!_open) return;
            _keyframe |= descriptor.Keyframe; // the IDR slice may follow the parameter sets in a later packet
            if (!H264Payload.Append(payload, _frame, ref _openNal)) _broken = true;
        }
        else
        {
            if (descriptor.StartsFrame)
            {
                if (_open) FramesDropped++;
                Begin(timestamp, descriptor.Keyframe);
            }
            if (!_open) return;
            payload[descriptor.HeaderLength..].CopyTo(_frame.Reserve(payload.Length - descriptor.HeaderLength));
        }
        if (!(marker || descriptor.EndsFrame)) return;
        _open = false;
        if (_openNal >= 0) _broken = true; // the frame ended inside a fragmented NAL unit
        if (_broken || (_waitingForKeyframe && !_keyframe))
        {
            FramesDropped++;
            _waitingForKeyframe = true;
            return;
        }
        _waitingForKeyframe = false;
        complete(_frame.Bytes, _timestamp, _keyframe);
    }

    private void Begin(uint timestamp, bool keyframe)
    {
        _open = true;
        _broken = false;
        _frame.Clear();
        _openNal = -1;
        _timestamp = timestamp;
        _keyframe = keyframe;
    }
}

/// <summary>What a video payload descriptor says about the packet.</summary>
internal readonly record struct PayloadDescriptor(bool Valid, int HeaderLength, bool StartsFrame, bool EndsFrame, bool Keyframe);
