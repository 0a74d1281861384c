namespace Conference.Media.Sctp;

/// <summary>DCEP channel types (RFC 8832 §5.1); the 0x80 bit means unordered.</summary>
public enum DataChannelType : byte
{
    Reliable = 0x00,
    PartialReliableRexmit = 0x01,
    PartialReliableTimed = 0x02,
    ReliableUnordered = 0x80,
    PartialReliableRexmitUnordered = 0x81,
    PartialReliableTimedUnordered = 0x82,
}
