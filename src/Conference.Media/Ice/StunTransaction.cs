using System.Buffers.Binary;

namespace Conference.Media.Ice;

/// <summary>
/// An outstanding Binding request and its RFC 8489 §6.2.1 retransmission state: resend the
/// same bytes after RTO, doubling each time, Rc sends in all, then wait Rm * RTO and fail.
/// </summary>
internal sealed class StunTransaction
{
    public StunTransaction(TransactionKey key, IceCandidatePair pair, byte[] request, bool useCandidate, bool isConsent, IceRole sentRole)
    {
        SentRole = sentRole;
        Key = key;
        Pair = pair;
        Request = request;
        UseCandidate = useCandidate;
        IsConsent = isConsent;
    }

    public TransactionKey Key { get; }

    public IceCandidatePair Pair { get; }

    public byte[] Request { get; }

    public bool UseCandidate { get; }

    public bool IsConsent { get; }

    /// <summary>The role the request claimed, which decides the switch on a 487 (RFC 8445 §7.2.5.1).</summary>
    public IceRole SentRole { get; }

    public int Transmissions { get; private set; }

    public TimeSpan Rto { get; private set; }

    /// <summary>When to retransmit, or (after the last send) when the transaction times out.</summary>
    public DateTimeOffset Deadline { get; private set; }

    public bool IsLastWait { get; private set; }

    public void RecordTransmission(DateTimeOffset now, IceClientOptions options)
    {
        Transmissions++;
        if (Transmissions == 1)
        {
            Rto = options.InitialRto;
        }
        else
        {
            Rto += Rto;
        }

        if (Transmissions >= options.MaxTransmissions)
        {
            IsLastWait = true;
            Deadline = now + options.InitialRto * options.LastWaitMultiplier;
        }
        else
        {
            Deadline = now + Rto;
        }
    }
}

/// <summary>A 96-bit transaction id as a dictionary key.</summary>
internal readonly record struct TransactionKey(ulong High, uint Low)
{
    public static TransactionKey From(ReadOnlySpan<byte> id) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(id), BinaryPrimitives.ReadUInt32BigEndian(id.Slice(8)));
}
