namespace Conference.Media.Srtp;

/// <summary>
/// Sliding replay window over packet indices (RFC 3711 §3.3.2): 128 packets, wider than
/// the 64 the RFC requires, so video bursts reordered by the network are not dropped.
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 128;
    private UInt128 _bitmap; // bit n set: index (Highest - n) was received
    private bool _initialized;

    public ulong Highest { get; private set; }

    public readonly bool IsInitialized => _initialized;

    public readonly SrtpReplayCheck Check(ulong index)
    {
        if (!_initialized || index > Highest)
        {
            return SrtpReplayCheck.New;
        }

        ulong delta = Highest - index;
        if (delta >= Size)
        {
            return SrtpReplayCheck.TooOld;
        }

        return ((_bitmap >> (int)delta) & UInt128.One) != UInt128.Zero ? SrtpReplayCheck.Replayed : SrtpReplayCheck.New;
    }

    /// <summary>Records an authenticated index; call only after the tag verified.</summary>
    public void Accept(ulong index)
    {
        if (!_initialized)
        {
            _initialized = true;
            Highest = index;
            _bitmap = UInt128.One;
            return;
        }

        if (index > Highest)
        {
            ulong shift = index - Highest;
            _bitmap = shift >= Size ? UInt128.Zero : _bitmap << (int)shift;
            _bitmap |= UInt128.One;
            Highest = index;
        }
        else
        {
            _bitmap |= UInt128.One << (int)(Highest - index);
        }
    }
}

internal enum SrtpReplayCheck
{
    New,
    Replayed,
    TooOld,
}
