namespace Conference.SfuLoad.Measure;

/// <summary>
/// Loss and reordering of one subscriber's streams from their clear RTP headers (RFC 3550 §6.4.1, A.3): per SSRC, the
/// packets received and the extended sequence numbers from the first to the highest; lost = expected − received. The
/// SFU rewrites each forwarded stream to its own SSRC and sequence space, keeping a gap for every packet missing between
/// the publisher and the subscriber (RtpForwarder), so gaps are loss anywhere on the way, and a packet older than the
/// highest is a reordering (or a duplicate). Written by the subscriber's receive loop only; read after the window.
/// </summary>
public sealed class SequenceCounter
{
    private sealed class Stream(long first)
    {
        public long First = first, Highest = first, Received = 1;
    }

    private readonly Dictionary<uint, Stream> _streams = new();

    public long Reordered { get; private set; }

    public long Received { get; private set; }

    public void Record(uint ssrc, ushort sequence)
    {
        Received++;
        if (!_streams.TryGetValue(ssrc, out Stream? stream))
        {
            _streams[ssrc] = new Stream(sequence); // once per stream and window, not per packet
            return;
        }
        long extended = stream.Highest + (short)(sequence - (ushort)stream.Highest);
        stream.Received++;
        if (extended > stream.Highest) stream.Highest = extended;
        else
        {
            Reordered++;
            if (extended < stream.First) stream.First = extended;
        }
    }

    /// <summary>Packets missing between the first and the highest of each stream (duplicates do not make it negative).</summary>
    public long Lost => _streams.Values.Sum(s => Math.Max(0, s.Highest - s.First + 1 - s.Received));
}
