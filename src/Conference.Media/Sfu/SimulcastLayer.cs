namespace Conference.Media.Sfu;

/// <summary>One simulcast encoding of a published track (RFC 8853 rid) and the bitrate it needs, in bits per second.</summary>
public readonly record struct SimulcastLayer(string Rid, ulong Bitrate);
