using System.Buffers.Binary;

namespace Conference.Media.Srtp;

/// <summary>
/// SRTP/SRTCP for one direction of one DTLS-SRTP association: create one to protect what
/// we send and another to unprotect what we receive. Works in place on the caller's
/// buffer (which must have room for <see cref="RtpOverhead"/> / <see cref="RtcpOverhead"/>
/// more bytes when protecting) and does not allocate per packet once a stream's state
/// exists. Not thread-safe: a session belongs to one send or receive loop.
/// </summary>
public sealed class SrtpSession : IDisposable
{
    private readonly SrtpTransform _transform;
    private readonly Dictionary<uint, SrtpStreamState> _streams = new();
    private readonly int _maxStreams;
    private long _protected;
    private long _unprotected;
    private long _authenticationFailures;
    private long _replayDrops;
    private long _malformed;
    private long _unknownStreamsRejected;

    public SrtpSession(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int maxStreams = 1024)
        : this(profile, SrtpSessionKeys.Derive(profile, masterKey, masterSalt), maxStreams)
    {
    }

    /// <summary>From already derived session keys (RFC 7714's vectors are given this way).</summary>
    public SrtpSession(SrtpProfile profile, SrtpSessionKeys keys, int maxStreams = 1024)
    {
        Profile = profile;
        _maxStreams = maxStreams;
        _transform = profile switch
        {
            SrtpProfile.AesCm128HmacSha1_80 => new AesCmHmacSha1Transform(keys),
            SrtpProfile.AeadAes128Gcm => new AesGcmTransform(keys),
            _ => throw new ArgumentOutOfRangeException(nameof(profile)),
        };
    }

    public SrtpProfile Profile { get; }

    public int RtpOverhead => _transform.TagLength;

    public int RtcpOverhead => _transform.TagLength + 4;

    public SrtpStatistics Statistics => new(_protected, _unprotected, _authenticationFailures, _replayDrops, _malformed, _unknownStreamsRejected);

    public bool TryProtectRtp(Span<byte> buffer, int length, out int newLength)
    {
        newLength = 0;
        if ((uint)length > (uint)buffer.Length || !TryReadRtpHeader(buffer.Slice(0, length), out int headerLength, out uint ssrc, out ushort sequence)
            || buffer.Length - length < _transform.TagLength)
        {
            _malformed++;
            return false;
        }

        if (!TryGetOrAddStream(ssrc, out SrtpStreamState? stream))
        {
            return false;
        }

        // The sender tracks its own ROC the same way a receiver would (RFC 3711 §3.3.1).
        ulong index = SrtpStreamState.EstimateIndex(stream.RtpWindow, sequence);
        stream.RtpWindow.Accept(index);
        newLength = _transform.ProtectRtp(buffer, headerLength, length, ssrc, index);
        _protected++;
        return true;
    }

    public bool TryUnprotectRtp(Span<byte> buffer, int length, out int newLength)
    {
        newLength = 0;
        int tag = _transform.TagLength;
        if ((uint)length > (uint)buffer.Length || length < 12 + tag
            || !TryReadRtpHeader(buffer.Slice(0, length - tag), out int headerLength, out uint ssrc, out ushort sequence))
        {
            _malformed++;
            return false;
        }

        _streams.TryGetValue(ssrc, out SrtpStreamState? stream);
        SrtpReplayWindow window = stream?.RtpWindow ?? default;
        ulong index = SrtpStreamState.EstimateIndex(window, sequence);
        if (!Admit(stream, window, index)) return false;

        if (!_transform.UnprotectRtp(buffer, headerLength, length, ssrc, index))
        {
            _authenticationFailures++;
            return false;
        }

        // State changes only after authentication (RFC 3711 §3.3: update ROC/s_l/window then).
        stream ??= AddStream(ssrc);
        stream.RtpWindow.Accept(index);
        newLength = length - tag;
        _unprotected++;
        return true;
    }

    // RFC 3711 §3.3.2: replayed or too-old packets are dropped before any crypto work; an unknown SSRC is only
    // admitted while the stream table has room.
    private bool Admit(SrtpStreamState? stream, SrtpReplayWindow window, ulong index)
    {
        if (window.Check(index) != SrtpReplayCheck.New)
        {
            _replayDrops++;
            return false;
        }
        if (stream is null && _streams.Count >= _maxStreams)
        {
            _unknownStreamsRejected++;
            return false;
        }
        return true;
    }

    public bool TryProtectRtcp(Span<byte> buffer, int length, out int newLength)
    {
        newLength = 0;
        if ((uint)length > (uint)buffer.Length || !TryReadRtcpSsrc(buffer.Slice(0, length), out uint ssrc)
            || buffer.Length - length < RtcpOverhead)
        {
            _malformed++;
            return false;
        }

        if (!TryGetOrAddStream(ssrc, out SrtpStreamState? stream))
        {
            return false;
        }

        uint index = stream.NextRtcpIndex;
        stream.NextRtcpIndex = (index + 1) & 0x7FFFFFFF; // 2^31 packets would require rekeying first
        newLength = _transform.ProtectRtcp(buffer, length, ssrc, index);
        _protected++;
        return true;
    }

    public bool TryUnprotectRtcp(Span<byte> buffer, int length, out int newLength)
    {
        newLength = 0;
        if ((uint)length > (uint)buffer.Length || length < 8 + RtcpOverhead || !TryReadRtcpSsrc(buffer.Slice(0, length), out uint ssrc))
        {
            _malformed++;
            return false;
        }

        uint trailer = BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(_transform.RtcpTrailerOffset(length)));
        uint index = trailer & 0x7FFFFFFF;
        bool encrypted = (trailer & 0x80000000) != 0;
        _streams.TryGetValue(ssrc, out SrtpStreamState? stream);
        SrtpReplayWindow window = stream?.RtcpWindow ?? default;
        if (!Admit(stream, window, index)) return false;

        if (!_transform.UnprotectRtcp(buffer, length, ssrc, index, encrypted))
        {
            _authenticationFailures++;
            return false;
        }

        stream ??= AddStream(ssrc);
        stream.RtcpWindow.Accept(index);
        newLength = length - RtcpOverhead;
        _unprotected++;
        return true;
    }

    /// <summary>
    /// Forgets an SSRC's rollover counter, replay windows and SRTCP index, e.g. after RTCP BYE
    /// or when a forwarded track is removed, so the stream table does not grow without bound.
    /// </summary>
    public bool RemoveStream(uint ssrc) => _streams.Remove(ssrc);

    /// <summary>Sets the next SRTCP index sent for an SSRC (test vectors start mid-stream).</summary>
    internal void SetNextRtcpIndex(uint ssrc, uint index)
    {
        if (TryGetOrAddStream(ssrc, out SrtpStreamState? stream))
        {
            stream.NextRtcpIndex = index & 0x7FFFFFFF;
        }
    }

    public void Dispose() => _transform.Dispose();

    /// <summary>RFC 3550 §5.1: fixed header, CSRCs, then an optional extension; all in clear.</summary>
    internal static bool TryReadRtpHeader(ReadOnlySpan<byte> packet, out int headerLength, out uint ssrc, out ushort sequence)
    {
        headerLength = 0;
        ssrc = 0;
        sequence = 0;
        if (packet.Length < 12 || (packet[0] >> 6) != 2)
        {
            return false;
        }

        int length = 12 + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(length + 2));
        }

        if (length > packet.Length)
        {
            return false;
        }

        headerLength = length;
        sequence = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2));
        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8));
        return true;
    }

    /// <summary>The sender SSRC of the first RTCP packet in a compound (RFC 3550 §6.4).</summary>
    private static bool TryReadRtcpSsrc(ReadOnlySpan<byte> packet, out uint ssrc)
    {
        ssrc = 0;
        if (packet.Length < 8 || (packet[0] >> 6) != 2)
        {
            return false;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4));
        return true;
    }

    private bool TryGetOrAddStream(uint ssrc, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SrtpStreamState? stream)
    {
        if (_streams.TryGetValue(ssrc, out stream))
        {
            return true;
        }

        if (_streams.Count >= _maxStreams)
        {
            _unknownStreamsRejected++;
            return false;
        }

        stream = AddStream(ssrc);
        return true;
    }

    private SrtpStreamState AddStream(uint ssrc)
    {
        var stream = new SrtpStreamState();
        _streams.Add(ssrc, stream);
        return stream;
    }
}
