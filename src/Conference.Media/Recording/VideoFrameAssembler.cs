namespace Conference.Media.Recording;

/// <summary>
/// Joins the payloads of one video frame (same RTP timestamp, from the packet that begins it to the one that ends it)
/// after the codec's payload descriptor is stripped. A gap inside a frame breaks it; after a broken frame nothing is
/// written until the next keyframe (decoders would show corruption), and <see cref="WantsKeyframe"/> asks for one.
/// </summary>
internal sealed class VideoFrameAssembler(RecordingCodec codec)
{
    private byte[] _frame = new byte[256 * 1024];
    private int _length;
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
        var descriptor = codec == RecordingCodec.Vp8 ? Vp8Payload.Parse(payload) : Vp9Payload.Parse(payload);
        if (!descriptor.Valid)
        {
            if (_open) _broken = true;
            return;
        }
        if (descriptor.StartsFrame)
        {
            if (_open) FramesDropped++;
            _open = true;
            _broken = false;
            _length = 0;
            _timestamp = timestamp;
            _keyframe = descriptor.Keyframe;
        }
        if (!_open) return;
        Append(payload[descriptor.HeaderLength..]);
        if (!(marker || descriptor.EndsFrame)) return;
        _open = false;
        if (_broken || (_waitingForKeyframe && !_keyframe))
        {
            FramesDropped++;
            _waitingForKeyframe = true;
            return;
        }
        _waitingForKeyframe = false;
        complete(_frame.AsSpan(0, _length), _timestamp, _keyframe);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _frame.Length) Array.Resize(ref _frame, Math.Max(_frame.Length * 2, _length + bytes.Length));
        bytes.CopyTo(_frame.AsSpan(_length));
        _length += bytes.Length;
    }
}

/// <summary>What a video payload descriptor says about the packet.</summary>
internal readonly record struct PayloadDescriptor(bool Valid, int HeaderLength, bool StartsFrame, bool EndsFrame, bool Keyframe);
