namespace Conference.Media.Sctp;

/// <summary>What RTCDataChannelInit offers: ordering, one partial-reliability limit, sub-protocol, priority.</summary>
public sealed record DataChannelOptions
{
    public bool Ordered { get; init; } = true;
    public int? MaxRetransmits { get; init; }
    public TimeSpan? MaxPacketLifeTime { get; init; }
    public string Protocol { get; init; } = "";

    /// <summary>
    /// A stream id agreed out of band (RTCDataChannelInit negotiated/id, RFC 8832 §1): no DCEP is
    /// exchanged and both sides must create the channel with the same id and options.
    /// </summary>
    public ushort? NegotiatedId { get; init; }

    /// <summary>RFC 8831 §6.4 priority; 256 is "normal".</summary>
    public ushort Priority { get; init; } = 256;

    internal DataChannelType ChannelType =>
        (MaxRetransmits is not null ? DataChannelType.PartialReliableRexmit
            : MaxPacketLifeTime is not null ? DataChannelType.PartialReliableTimed
            : DataChannelType.Reliable) | (Ordered ? DataChannelType.Reliable : DataChannelType.ReliableUnordered);

    internal uint ReliabilityParameter =>
        MaxRetransmits is { } r ? (uint)r : MaxPacketLifeTime is { } t ? (uint)t.TotalMilliseconds : 0;

    internal static DataChannelOptions From(DataChannelOpen open)
    {
        var baseType = (DataChannelType)((byte)open.ChannelType & 0x7F);
        return new DataChannelOptions
        {
            Ordered = ((byte)open.ChannelType & 0x80) == 0,
            MaxRetransmits = baseType == DataChannelType.PartialReliableRexmit ? (int)Math.Min(open.ReliabilityParameter, int.MaxValue) : null,
            MaxPacketLifeTime = baseType == DataChannelType.PartialReliableTimed ? TimeSpan.FromMilliseconds(open.ReliabilityParameter) : null,
            Protocol = open.Protocol,
            Priority = open.Priority,
        };
    }
}
