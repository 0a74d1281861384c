namespace Conference.Media.Sfu.Congestion;

/// <summary>What the SFU remembers of one packet it sent a subscriber, by transport-wide sequence number.</summary>
public struct SentPacket
{
    public ushort SequenceNumber;
    public bool InUse;
    /// <summary>Feedback already reported it received (a later report of it is not counted again).</summary>
    public bool Acknowledged;
    /// <summary>Feedback already reported it lost (it may still arrive late).</summary>
    public bool ReportedLost;
    public int Size;
    public long SendTimeMicroseconds;
    /// <summary>The probe cluster it belongs to; 0 for media.</summary>
    public int ProbeCluster;
}

/// <summary>
/// The transport-wide sequence numbers of one subscriber connection and what was sent under each: a ring sized once
/// (a power of two, far more than a feedback interval's packets), indexed by <c>seq &amp; (N−1)</c>. A slot is only
/// reused 4096 packets later, so a slot holding the asked number is that packet. Owned by the subscriber's loop.
/// </summary>
public sealed class SentPacketHistory
{
    public const int Capacity = 4096;
    private readonly SentPacket[] _ring = new SentPacket[Capacity];

    public SentPacketHistory(ushort firstSequenceNumber = 1) => NextSequenceNumber = firstSequenceNumber;

    /// <summary>The number the next packet sent will carry.</summary>
    public ushort NextSequenceNumber { get; private set; }

    /// <summary>Records the packet just sent under <see cref="NextSequenceNumber"/> and advances it.</summary>
    public void OnSent(int size, long sendTimeMicroseconds, int probeCluster)
    {
        ref var slot = ref _ring[NextSequenceNumber & (Capacity - 1)];
        slot = new SentPacket
        {
            SequenceNumber = NextSequenceNumber, InUse = true, Size = size, SendTimeMicroseconds = sendTimeMicroseconds,
            ProbeCluster = probeCluster,
        };
        NextSequenceNumber++;
    }

    /// <summary>The record of <paramref name="sequenceNumber"/>, or a null ref when it was never sent or is too old.</summary>
    public ref SentPacket Find(ushort sequenceNumber, out bool found)
    {
        ref var slot = ref _ring[sequenceNumber & (Capacity - 1)];
        found = slot.InUse && slot.SequenceNumber == sequenceNumber;
        return ref slot;
    }
}
