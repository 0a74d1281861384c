namespace Conference.Media.Sctp;

/// <summary>A queued user message: the unit partial reliability abandons (RFC 3758 §3.5 A3: all fragments together).</summary>
internal sealed class SctpOutboundMessage(SctpSendOptions options, long? expiresAtMs)
{
    public SctpSendOptions Options { get; } = options;
    public long? ExpiresAtMs { get; } = expiresAtMs;
    private SctpOutboundChunk? _first;
    private List<SctpOutboundChunk>? _rest; // only for messages of several fragments

    public int ChunkCount => _first is null ? 0 : 1 + (_rest?.Count ?? 0);

    public SctpOutboundChunk ChunkAt(int index) => index == 0 ? _first! : _rest![index - 1];

    public void Add(SctpOutboundChunk chunk)
    {
        if (_first is null) _first = chunk;
        else (_rest ??= []).Add(chunk);
    }
    public bool Abandoned { get; set; }
}

/// <summary>One DATA chunk and its transmission bookkeeping.</summary>
internal sealed class SctpOutboundChunk(SctpDataChunk data, SctpOutboundMessage message)
{
    public SctpDataChunk Data { get; } = data;
    public SctpOutboundMessage Message { get; } = message;
    public int Length => Data.UserData.Length;
    public int SendCount { get; set; }
    public long LastSentAtMs { get; set; }
    public bool GapAcked { get; set; }
    public bool Abandoned { get; set; }
    public bool NeedsRetransmit { get; set; }
    public int MissIndications { get; set; }
    public bool FastRetransmitted { get; set; }

    /// <summary>Acknowledged (cumulatively or by a gap block) or abandoned: no longer counts as buffered.</summary>
    public bool Settled { get; set; }

    /// <summary>Counts towards the flight size (RFC 9260 §6.1: outstanding bytes).</summary>
    public bool InFlight => SendCount > 0 && !GapAcked && !Abandoned && !NeedsRetransmit;
}
