namespace Conference.Media.Sfu;

/// <summary>
/// Maps a publisher's payload types to a subscriber's. Payload types are the offerer's in each SDP
/// exchange (RFC 8829 §5.3.1), so the same codec often has different numbers on the two legs.
/// A 128-entry table: one array index per packet, no hashing.
/// </summary>
public sealed class PayloadTypeMap
{
    private const byte Unmapped = 0xFF;
    private readonly byte[] _table = new byte[128];

    private PayloadTypeMap(bool identity)
    {
        for (int pt = 0; pt < 128; pt++) _table[pt] = identity ? (byte)pt : Unmapped;
    }

    /// <summary>Every payload type maps to itself (both legs negotiated the same numbers).</summary>
    public static PayloadTypeMap Identity() => new(identity: true);

    /// <summary>Only the given pairs are forwarded; anything else is dropped (the subscriber could not decode it).</summary>
    public static PayloadTypeMap Of(params ReadOnlySpan<(int From, int To)> pairs)
    {
        var map = new PayloadTypeMap(identity: false);
        foreach (var (from, to) in pairs)
        {
            if (from is < 0 or > 127 || to is < 0 or > 127) throw new ArgumentOutOfRangeException(nameof(pairs), "payload types are 7 bits (RFC 3550 §5.1)");
            map._table[from] = (byte)to;
        }
        return map;
    }

    public bool TryMap(byte payloadType, out byte mapped)
    {
        mapped = _table[payloadType & 0x7F];
        return mapped != Unmapped;
    }
}
