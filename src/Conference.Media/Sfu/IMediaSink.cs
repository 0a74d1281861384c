namespace Conference.Media.Sfu;

/// <summary>
/// Where the SFU sends one peer's packets; <c>WebRtcPeer.SendRtp/SendRtcp</c> in production (through a one-line
/// adapter, so this layer needs no peer), a list in tests. Both copy the span before returning.
/// </summary>
public interface IMediaSink
{
    bool SendRtp(ReadOnlySpan<byte> packet);

    bool SendRtcp(ReadOnlySpan<byte> packet);
}
