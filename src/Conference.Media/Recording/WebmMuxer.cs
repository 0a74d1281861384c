using System.Buffers.Binary;

namespace Conference.Media.Recording;

/// <summary>
/// Writes one track into a WebM (Matroska) file as frames arrive (H.264: a Matroska file, DocType "matroska",
/// codec V_MPEG4/ISO/AVC with the AVCDecoderConfigurationRecord as CodecPrivate and length-prefixed NAL units), so that what is on disk (or uploaded) is always
/// a playable prefix: the Segment starts with an unknown size (RFC 9559 §6.2), each Cluster is written whole with
/// a known size once it closes. <see cref="Finish"/> appends the Cues and then patches, in place, the Segment size,
/// the Duration and a SeekHead into Void elements reserved for them at the start (all within the first
/// <see cref="HeaderLength"/> bytes). One owner (the recording's writer thread); the output must be seekable.
/// </summary>
public sealed class WebmMuxer
{
    private const int SeekHeadReserve = 96;
    private const int DurationReserve = 11; // ID (2) + size (1) + float64 (8)
    private const long MaxClusterSpanMs = 5000;
    private readonly Stream _output;
    private readonly bool _video;
    private readonly EbmlBuffer _cluster = new(64 * 1024);
    private readonly List<(long TimeMs, long Position)> _cues = [];
    private long _segmentSizeOffset, _segmentDataStart, _seekHeadOffset, _durationOffset, _infoPosition, _tracksPosition;
    private long _clusterStartMs = -1;
    private bool _clusterCued;
    private long _lastMs = -1, _lastDeltaMs;
    private bool _finished;

    public WebmMuxer(Stream output, RecordingTrackFormat format, int width = 0, int height = 0, string writingApp = "Conference",
        byte[]? codecPrivate = null)
    {
        if (!output.CanSeek) throw new ArgumentException("the output must be seekable (the header is finalised in place)", nameof(output));
        if (format.Codec == RecordingCodec.H264 && codecPrivate is null)
            throw new ArgumentException("H.264 needs its AVCDecoderConfigurationRecord", nameof(codecPrivate));
        _output = output;
        _video = format.IsVideo;
        WriteHeader(format, width, height, writingApp, codecPrivate);
    }

    /// <summary>Bytes at the start of the file that <see cref="Finish"/> may rewrite; everything after is final once written.</summary>
    public long HeaderLength { get; private set; }

    /// <summary>Bytes written to the output so far (complete clusters).</summary>
    public long BytesWritten => _output.Position;

    public long FramesWritten { get; private set; }

    /// <summary>Presentation time of the last frame plus its expected duration, in milliseconds.</summary>
    public long DurationMs => _lastMs < 0 ? 0 : _lastMs + Math.Max(_lastDeltaMs, 1);

    /// <summary>Raised after a cluster is written: the output is a valid prefix up to this many bytes, lasting this many milliseconds.</summary>
    public event Action<long, long>? ClusterWritten;

    /// <summary>Adds a frame at <paramref name="timeMs"/> from the start (kept monotonic: an earlier time is raised to the last one).</summary>
    public void WriteFrame(long timeMs, ReadOnlySpan<byte> frame, bool keyframe)
    {
        if (_finished) throw new InvalidOperationException("the file is finished");
        if (timeMs < _lastMs) timeMs = _lastMs;
        bool newCluster = _clusterStartMs < 0 || timeMs - _clusterStartMs >= MaxClusterSpanMs || (_video && keyframe && timeMs > _clusterStartMs);
        if (newCluster)
        {
            FlushCluster();
            _clusterStartMs = timeMs;
            _clusterCued = keyframe;
            _cluster.WriteUInt(MatroskaIds.Timestamp, (ulong)timeMs);
        }
        // RFC 9559 §10.1 SimpleBlock: track number (vint), int16 relative timestamp, flags (0x80 keyframe).
        _cluster.WriteId(MatroskaIds.SimpleBlock);
        _cluster.WriteSize(4 + frame.Length);
        var head = _cluster.Reserve(4);
        head[0] = 0x81;
        BinaryPrimitives.WriteInt16BigEndian(head[1..], (short)(timeMs - _clusterStartMs));
        head[3] = (byte)(keyframe ? 0x80 : 0x00);
        _cluster.WriteRaw(frame);
        if (_lastMs >= 0 && timeMs > _lastMs) _lastDeltaMs = Math.Min(timeMs - _lastMs, 1000);
        _lastMs = timeMs;
        FramesWritten++;
    }

    /// <summary>Writes the open cluster and the Cues, then finalises the header. Idempotent.</summary>
    public void Finish()
    {
        if (_finished) return;
        FlushCluster();
        _finished = true;
        long cuesPosition = _output.Position - _segmentDataStart;
        var cues = new EbmlBuffer();
        int cuesStart = cues.StartMaster(MatroskaIds.Cues);
        foreach (var (time, position) in _cues)
        {
            int point = cues.StartMaster(MatroskaIds.CuePoint);
            cues.WriteUInt(MatroskaIds.CueTime, (ulong)time);
            int positions = cues.StartMaster(MatroskaIds.CueTrackPositions);
            cues.WriteUInt(MatroskaIds.CueTrack, 1);
            cues.WriteUInt(MatroskaIds.CueClusterPosition, (ulong)position);
            cues.EndMaster(positions);
            cues.EndMaster(point);
        }
        cues.EndMaster(cuesStart);
        if (_cues.Count > 0) _output.Write(cues.Written);
        long end = _output.Position;

        Span<byte> size = stackalloc byte[8];
        EbmlBuffer.WriteSizeInto(size, end - _segmentDataStart, 8);
        Patch(_segmentSizeOffset, size);

        var duration = new EbmlBuffer(DurationReserve);
        duration.WriteFloat(MatroskaIds.Duration, DurationMs);
        Patch(_durationOffset, duration.Written);

        var seek = new EbmlBuffer(SeekHeadReserve);
        int head = seek.StartMaster(MatroskaIds.SeekHead);
        WriteSeek(seek, MatroskaIds.Info, _infoPosition);
        WriteSeek(seek, MatroskaIds.Tracks, _tracksPosition);
        if (_cues.Count > 0) WriteSeek(seek, MatroskaIds.Cues, cuesPosition);
        seek.EndMaster(head);
        seek.WriteVoid(SeekHeadReserve - seek.Length);
        Patch(_seekHeadOffset, seek.Written);
        _output.Position = end;
        _output.Flush();
    }

    private static void WriteSeek(EbmlBuffer buffer, uint id, long position)
    {
        int seek = buffer.StartMaster(MatroskaIds.Seek);
        Span<byte> idBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(idBytes, id);
        buffer.WriteBinary(MatroskaIds.SeekId, idBytes);
        buffer.WriteUInt(MatroskaIds.SeekPosition, (ulong)position);
        buffer.EndMaster(seek);
    }

    private void Patch(long offset, ReadOnlySpan<byte> bytes)
    {
        _output.Position = offset;
        _output.Write(bytes);
    }

    private void FlushCluster()
    {
        if (_cluster.Length == 0) return;
        long position = _output.Position;
        if (_clusterCued) _cues.Add((_clusterStartMs, position - _segmentDataStart));
        Span<byte> head = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(head, MatroskaIds.Cluster);
        EbmlBuffer.WriteSizeInto(head[4..], _cluster.Length, 8);
        _output.Write(head);
        _output.Write(_cluster.Written);
        _output.Flush();
        _cluster.Clear();
        ClusterWritten?.Invoke(_output.Position, DurationMs);
    }

    private void WriteHeader(RecordingTrackFormat format, int width, int height, string writingApp, byte[]? codecPrivate)
    {
        var b = new EbmlBuffer();
        int ebml = b.StartMaster(MatroskaIds.Ebml);
        b.WriteUInt(MatroskaIds.EbmlVersion, 1);
        b.WriteUInt(MatroskaIds.EbmlReadVersion, 1);
        b.WriteUInt(MatroskaIds.EbmlMaxIdLength, 4);
        b.WriteUInt(MatroskaIds.EbmlMaxSizeLength, 8);
        b.WriteString(MatroskaIds.DocType, format.IsWebm ? "webm" : "matroska");
        b.WriteUInt(MatroskaIds.DocTypeVersion, 4);
        b.WriteUInt(MatroskaIds.DocTypeReadVersion, 2);
        b.EndMaster(ebml);

        b.WriteId(MatroskaIds.Segment);
        _segmentSizeOffset = b.Length;
        b.WriteRaw([0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]); // unknown size until Finish
        _segmentDataStart = b.Length;
        _seekHeadOffset = b.Length;
        b.WriteVoid(SeekHeadReserve);

        _infoPosition = b.Length - _segmentDataStart;
        int info = b.StartMaster(MatroskaIds.Info);
        b.WriteUInt(MatroskaIds.TimestampScale, 1_000_000); // 1 ms
        _durationOffset = b.Length;
        b.WriteVoid(DurationReserve);
        b.WriteString(MatroskaIds.MuxingApp, "Conference.Media");
        b.WriteString(MatroskaIds.WritingApp, writingApp);
        b.EndMaster(info);

        _tracksPosition = b.Length - _segmentDataStart;
        int tracks = b.StartMaster(MatroskaIds.Tracks);
        int entry = b.StartMaster(MatroskaIds.TrackEntry);
        b.WriteUInt(MatroskaIds.TrackNumber, 1);
        b.WriteUInt(MatroskaIds.TrackUid, (ulong)Random.Shared.NextInt64(1, long.MaxValue));
        b.WriteUInt(MatroskaIds.TrackType, format.IsVideo ? 1UL : 2UL);
        b.WriteUInt(MatroskaIds.FlagLacing, 0);
        switch (format.Codec)
        {
            case RecordingCodec.Opus:
                b.WriteString(MatroskaIds.CodecId, "A_OPUS");
                b.WriteBinary(MatroskaIds.CodecPrivate, OpusHead(format.Channels));
                b.WriteUInt(MatroskaIds.SeekPreRoll, 80_000_000); // RFC 9559 / WebM Opus: 80 ms
                int audio = b.StartMaster(MatroskaIds.Audio);
                b.WriteFloat(MatroskaIds.SamplingFrequency, 48000);
                b.WriteUInt(MatroskaIds.Channels, (ulong)format.Channels);
                b.EndMaster(audio);
                break;
            default:
                b.WriteString(MatroskaIds.CodecId, format.Codec switch
                {
                    RecordingCodec.Vp8 => "V_VP8",
                    RecordingCodec.Vp9 => "V_VP9",
                    _ => "V_MPEG4/ISO/AVC",
                });
                if (codecPrivate is not null) b.WriteBinary(MatroskaIds.CodecPrivate, codecPrivate);
                int video = b.StartMaster(MatroskaIds.Video);
                b.WriteUInt(MatroskaIds.PixelWidth, (ulong)Math.Max(width, 1));
                b.WriteUInt(MatroskaIds.PixelHeight, (ulong)Math.Max(height, 1));
                b.EndMaster(video);
                break;
        }
        b.EndMaster(entry);
        b.EndMaster(tracks);
        HeaderLength = b.Length;
        _output.Write(b.Written);
        _output.Flush();
    }

    /// <summary>RFC 7845 §5.1 identification header; WebRTC Opus has no pre-skip to trim (the stream starts mid-call).</summary>
    private static byte[] OpusHead(int channels)
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;
        head[9] = (byte)channels;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), 48000);
        return head;
    }
}
