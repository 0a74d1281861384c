namespace Conference.Media.Sctp;

/// <summary>A complete user message received on a stream.</summary>
public sealed record SctpMessage(ushort StreamId, uint Ppid, byte[] Data, bool Unordered);
