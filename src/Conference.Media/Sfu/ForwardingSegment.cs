namespace Conference.Media.Sfu;

/// <summary>
/// One stretch of output numbering fed by one source: output = source + offset (mod 2^16 / 2^32).
/// The forwarder keeps the last few so a NACK for an output number finds its source packet.
/// </summary>
public readonly record struct ForwardingSegment(uint SourceSsrc, ushort FirstOutputSequence, ushort SequenceOffset, uint TimestampOffset);
