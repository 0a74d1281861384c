namespace Conference.Media.Sfu.Pacing;

/// <summary>Where a <see cref="PacketPacer"/> sends packets when their time comes (the subscriber's connection).</summary>
public interface IPacedTransmitter
{
    /// <summary>Sends one RTP packet now; false when the connection refused it. Copies the span before returning.</summary>
    bool Transmit(ReadOnlySpan<byte> packet, PacketPriority priority, long nowMicroseconds);

    /// <summary>
    /// Queued video of this (subscriber-side) SSRC was dropped, from <paramref name="firstSequence"/> on: none of those
    /// numbers reached the subscriber, so its stream should restart there at a keyframe.
    /// </summary>
    void OnVideoDropped(uint ssrc, ushort firstSequence);
}
