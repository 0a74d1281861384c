using Conference.Media.Rtp;

namespace Conference.Media.Sfu;

/// <summary>
/// What we tell a publisher it may send, by REMB (draft-alvestrand-rmcat-remb-03): browsers honour it as an
/// upper bound of their own estimate. For a single-stream track that is the smallest subscriber estimate —
/// everyone receives the same stream, so the weakest link decides —, clamped to [Min, Max]: the floor keeps
/// one poor subscriber from starving the room and lets the browser ramp up again, the ceiling keeps a
/// publisher from sending more than anyone needs. For a simulcast track each subscriber picks a layer, so the
/// largest estimate decides (the publisher must keep the top layer anyone can take).
/// </summary>
public sealed class PublisherBitrateLimit(ulong minBitrate = 150_000, ulong maxBitrate = 2_500_000)
{
    public ulong MinBitrate { get; } = minBitrate;
    public ulong MaxBitrate { get; } = maxBitrate;

    /// <summary>With no subscribers the ceiling applies: nobody is limited by the publisher's rate.</summary>
    public ulong Compute(ReadOnlySpan<ulong> subscriberEstimates, bool simulcast)
    {
        if (subscriberEstimates.IsEmpty) return MaxBitrate;
        ulong pick = subscriberEstimates[0];
        foreach (ulong estimate in subscriberEstimates)
        {
            pick = simulcast ? Math.Max(pick, estimate) : Math.Min(pick, estimate);
        }
        return Math.Clamp(pick, MinBitrate, MaxBitrate);
    }

    /// <summary>Writes the REMB for the publisher's SSRCs of this track.</summary>
    public bool TryWriteRemb(Span<byte> destination, uint senderSsrc, ReadOnlySpan<uint> publisherSsrcs,
        ReadOnlySpan<ulong> subscriberEstimates, bool simulcast, out int written) =>
        ReceiverEstimatedMaxBitrate.TryWrite(destination, senderSsrc, Compute(subscriberEstimates, simulcast), publisherSsrcs, out written);
}
