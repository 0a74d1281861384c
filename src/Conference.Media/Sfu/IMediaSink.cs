using Conference.Media.Sfu.Pacing;

namespace Conference.Media.Sfu;

/// <summary>
/// Where the SFU sends one peer's packets; <c>WebRtcPeer.SendRtp/SendRtcp</c> in production (through a one-line
/// adapter, so this layer needs no peer), a list in tests. Both copy the span before returning.
/// </summary>
public interface IMediaSink
{
    bool SendRtp(ReadOnlySpan<byte> packet);

    /// <summary>
    /// The same, saying what the packet is, for a sink that paces (a subscriber's connection: <see cref="PacketPacer"/>).
    /// True when it went out or waits in the sink's queue.
    /// </summary>
    bool SendRtp(ReadOnlySpan<byte> packet, PacketPriority priority) => SendRtp(packet);

    bool SendRtcp(ReadOnlySpan<byte> packet);
}
