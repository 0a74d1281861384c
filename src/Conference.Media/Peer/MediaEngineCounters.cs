namespace Conference.Media.Peer;

/// <summary>
/// Totals since start for one socket (a <see cref="MediaEngine"/> or a <see cref="WebRtcClientPeer"/>):
/// what came in and went out, and every reason a datagram was dropped. Thread-safe; counters only grow.
/// </summary>
public sealed class MediaEngineCounters
{
    private long _datagramsReceived, _bytesReceived, _datagramsSent, _bytesSent;
    private long _stunReceived, _stunAnswered, _stunBadIntegrity, _stunUnknownUsername, _stunMalformed, _stunOther;
    private long _dtlsReceived, _rtpReceived, _rtcpReceived;
    private long _droppedUnknownAddress, _droppedUnclassified, _droppedNoKeys, _droppedUnroutableRtp;
    private long _srtpAuthenticationFailures, _srtpReplays, _srtpMalformed;
    private long _sendsWithoutConsent, _sendFailures;
    private long _loopFaults, _dtlsFaults;

    /// <summary>Where connections' time to Connected went, in ms, by phase and connection (<see cref="ConnectTimeline"/>); set by the host.</summary>
    public System.Diagnostics.Metrics.Histogram<double>? ConnectPhases { get; set; }

    internal void ConnectPhase(string phase, string connection, double milliseconds) =>
        ConnectPhases?.Record(milliseconds, new KeyValuePair<string, object?>("phase", phase), new KeyValuePair<string, object?>("connection", connection));

    /// <summary>Exceptions the receive loop caught from a handler or posted work (a bug; the loop kept serving).</summary>
    public long LoopFaults => Interlocked.Read(ref _loopFaults);

    /// <summary>Exceptions a DTLS thread caught (a consumer's handler, a failed association, a close that threw).</summary>
    public long DtlsFaults => Interlocked.Read(ref _dtlsFaults);

    internal void Faulted(string source)
    {
        if (source.StartsWith("dtls", StringComparison.Ordinal)) Interlocked.Increment(ref _dtlsFaults);
        else Interlocked.Increment(ref _loopFaults);
    }

    /// <summary>The socket's UDP segmentation offload totals (set by the engine).</summary>
    internal Func<(long Sends, long Datagrams, long Refusals)>? Segmentation { get; set; }

    /// <summary>Sends that carried two or more datagrams to one address with UDP segmentation offload.</summary>
    public long SegmentedSends => Segmentation?.Invoke().Sends ?? 0;

    /// <summary>Datagrams that went out in such sends.</summary>
    public long SegmentedDatagrams => Segmentation?.Invoke().Datagrams ?? 0;

    /// <summary>Offloaded sends the kernel refused (the engine then sends one datagram per message, as without it).</summary>
    public long SegmentationRefusals => Segmentation?.Invoke().Refusals ?? 0;

    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);
    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long StunReceived => Interlocked.Read(ref _stunReceived);

    /// <summary>Authenticated checks answered (success, 487 role conflict or 420).</summary>
    public long StunAnswered => Interlocked.Read(ref _stunAnswered);

    /// <summary>MESSAGE-INTEGRITY did not verify: no answer, nothing learned (RFC 8445 §7.3).</summary>
    public long StunBadIntegrity => Interlocked.Read(ref _stunBadIntegrity);
    public long StunUnknownUsername => Interlocked.Read(ref _stunUnknownUsername);
    public long StunMalformed => Interlocked.Read(ref _stunMalformed);

    /// <summary>Responses/indications we do not expect.</summary>
    public long StunIgnored => Interlocked.Read(ref _stunOther);

    public long DtlsReceived => Interlocked.Read(ref _dtlsReceived);

    /// <summary>RTP packets decrypted and delivered to a track.</summary>
    public long RtpReceived => Interlocked.Read(ref _rtpReceived);

    /// <summary>RTCP compound packets decrypted and delivered.</summary>
    public long RtcpReceived => Interlocked.Read(ref _rtcpReceived);

    /// <summary>DTLS/SRTP from an address that never passed an authenticated ICE check (or lost consent).</summary>
    public long DroppedUnknownAddress => Interlocked.Read(ref _droppedUnknownAddress);

    /// <summary>First byte outside the RFC 7983 ranges, or too short for its kind.</summary>
    public long DroppedUnclassified => Interlocked.Read(ref _droppedUnclassified);

    /// <summary>SRTP before the DTLS handshake produced keys.</summary>
    public long DroppedNoKeys => Interlocked.Read(ref _droppedNoKeys);

    /// <summary>Decrypted RTP that matched no track (unknown SSRC, no MID, ambiguous payload type).</summary>
    public long DroppedUnroutableRtp => Interlocked.Read(ref _droppedUnroutableRtp);

    public long SrtpAuthenticationFailures => Interlocked.Read(ref _srtpAuthenticationFailures);
    public long SrtpReplays => Interlocked.Read(ref _srtpReplays);

    /// <summary>Malformed SRTP/SRTCP, or a stream table full of SSRCs.</summary>
    public long SrtpMalformed => Interlocked.Read(ref _srtpMalformed);

    /// <summary>Sends refused because no address had consent (RFC 7675): nothing went out.</summary>
    public long SendsWithoutConsent => Interlocked.Read(ref _sendsWithoutConsent);
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    internal void Received(int bytes)
    {
        Interlocked.Increment(ref _datagramsReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    internal void Sent(int bytes)
    {
        Interlocked.Increment(ref _datagramsSent);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    internal void StunIn() => Interlocked.Increment(ref _stunReceived);
    internal void StunAnsweredOne() => Interlocked.Increment(ref _stunAnswered);
    internal void StunBadIntegrityOne() => Interlocked.Increment(ref _stunBadIntegrity);
    internal void StunUnknownUsernameOne() => Interlocked.Increment(ref _stunUnknownUsername);
    internal void StunMalformedOne() => Interlocked.Increment(ref _stunMalformed);
    internal void StunIgnoredOne() => Interlocked.Increment(ref _stunOther);
    internal void DtlsIn() => Interlocked.Increment(ref _dtlsReceived);
    internal void RtpIn() => Interlocked.Increment(ref _rtpReceived);
    internal void RtcpIn() => Interlocked.Increment(ref _rtcpReceived);
    internal void UnknownAddress() => Interlocked.Increment(ref _droppedUnknownAddress);
    internal void Unclassified() => Interlocked.Increment(ref _droppedUnclassified);
    internal void UnroutableRtp() => Interlocked.Increment(ref _droppedUnroutableRtp);
    internal void NoConsent() => Interlocked.Increment(ref _sendsWithoutConsent);
    internal void SendFailed() => Interlocked.Increment(ref _sendFailures);

    /// <summary>Batched datagrams the kernel refused at a flush (counted as sent when they were queued).</summary>
    internal void SendsFailed(int count) => Interlocked.Add(ref _sendFailures, count);

    internal void SrtpDropped(Transport.SrtpReceiveResult result)
    {
        switch (result)
        {
            case Transport.SrtpReceiveResult.NoKeys: Interlocked.Increment(ref _droppedNoKeys); break;
            case Transport.SrtpReceiveResult.AuthenticationFailed: Interlocked.Increment(ref _srtpAuthenticationFailures); break;
            case Transport.SrtpReceiveResult.Replayed: Interlocked.Increment(ref _srtpReplays); break;
            default: Interlocked.Increment(ref _srtpMalformed); break;
        }
    }

    public override string ToString() =>
        $"in={DatagramsReceived} out={DatagramsSent} stun={StunReceived}/{StunAnswered} badIntegrity={StunBadIntegrity} " +
        $"dtls={DtlsReceived} rtp={RtpReceived} rtcp={RtcpReceived} unknownAddress={DroppedUnknownAddress} " +
        $"unclassified={DroppedUnclassified} srtpAuth={SrtpAuthenticationFailures} replay={SrtpReplays} noConsent={SendsWithoutConsent} " +
        $"segmented={SegmentedDatagrams}/{SegmentedSends} segmentationRefused={SegmentationRefusals}";
}
