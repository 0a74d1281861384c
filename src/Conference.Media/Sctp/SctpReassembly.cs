using System.Runtime.InteropServices;

namespace Conference.Media.Sctp;

/// <summary>
/// Turns received DATA fragments back into messages (RFC 9260 §6.5, §6.9): ordered messages are
/// released per stream in SSN order, unordered ones as soon as their B..E run of TSNs is complete.
/// A message growing beyond the maximum size is a protocol error the caller turns into an ABORT.
/// </summary>
internal sealed class SctpReassembly(int maxMessageSize)
{
    private readonly Dictionary<ushort, InboundStream> _streams = new();
    private readonly Dictionary<uint, SctpDataChunk> _unordered = new();

    /// <summary>Payload bytes held waiting for missing fragments or earlier SSNs; shrinks a_rwnd.</summary>
    public long BufferedBytes { get; private set; }

    /// <summary>Adds a new (non-duplicate) fragment; appends completed messages. False when a message exceeds the limit.</summary>
    public bool Add(SctpDataChunk chunk, List<SctpMessage> delivered)
    {
        if (chunk.Unordered) return AddUnordered(chunk, delivered);

        InboundStream stream = Stream(chunk.StreamId);
        // An SSN already delivered or skipped by FORWARD TSN: stale fragment.
        if (SctpSerial.Less(chunk.Ssn, stream.NextSsn)) return true;
        if (chunk.Beginning && chunk.Ending && chunk.Ssn == stream.NextSsn && stream.Pending.Count == 0 && chunk.UserData.Length <= maxMessageSize)
        {
            // The common case, a whole message next in order: delivered as it came, nothing held or joined.
            delivered.Add(new SctpMessage(chunk.StreamId, chunk.Ppid, Whole(chunk.UserData), false));
            stream.NextSsn++;
            return true;
        }
        if (!stream.Pending.TryGetValue(chunk.Ssn, out List<SctpDataChunk>? fragments))
        {
            fragments = [];
            stream.Pending[chunk.Ssn] = fragments;
        }
        fragments.Add(chunk);
        BufferedBytes += chunk.UserData.Length;
        if (Size(fragments) > maxMessageSize) return false;
        DeliverInOrder(stream, delivered);
        return true;
    }

    /// <summary>RFC 3758 §3.6: drop fragments at or below the new cumulative TSN and skip the listed SSNs.</summary>
    public void Forward(uint newCumulativeTsn, IReadOnlyList<SctpSkippedStream> skipped, List<SctpMessage> delivered)
    {
        foreach (uint tsn in _unordered.Keys.Where(t => SctpSerial.LessOrEqual(t, newCumulativeTsn)).ToList())
        {
            BufferedBytes -= _unordered[tsn].UserData.Length;
            _unordered.Remove(tsn);
        }
        foreach (SctpSkippedStream skip in skipped)
        {
            InboundStream stream = Stream(skip.StreamId);
            foreach (ushort ssn in stream.Pending.Keys.Where(s => SctpSerial.LessOrEqual(s, skip.Ssn)).ToList())
                Drop(stream, ssn);
            if (SctpSerial.LessOrEqual(stream.NextSsn, skip.Ssn)) stream.NextSsn = (ushort)(skip.Ssn + 1);
            DeliverInOrder(stream, delivered);
        }
    }

    /// <summary>RFC 6525 §5.2.2: an incoming stream reset restarts its SSNs at zero.</summary>
    public void Reset(IEnumerable<ushort> streamIds)
    {
        foreach (ushort id in streamIds)
        {
            if (!_streams.TryGetValue(id, out InboundStream? stream)) continue;
            foreach (ushort ssn in stream.Pending.Keys.ToList()) Drop(stream, ssn);
            _streams.Remove(id);
        }
    }

    private bool AddUnordered(SctpDataChunk chunk, List<SctpMessage> delivered)
    {
        if (chunk.Beginning && chunk.Ending)
        {
            delivered.Add(new SctpMessage(chunk.StreamId, chunk.Ppid, Whole(chunk.UserData), true));
            return true;
        }
        _unordered[chunk.Tsn] = chunk;
        BufferedBytes += chunk.UserData.Length;

        // Fragments of one unordered message carry consecutive TSNs (RFC 9260 §6.9).
        uint first = chunk.Tsn;
        long size = chunk.UserData.Length;
        while (!_unordered[first].Beginning)
        {
            if (!_unordered.TryGetValue(first - 1, out SctpDataChunk? previous) || !previous.Unordered) return size <= maxMessageSize;
            first--;
            size += previous.UserData.Length;
        }
        uint last = chunk.Tsn;
        while (!_unordered[last].Ending)
        {
            if (!_unordered.TryGetValue(last + 1, out SctpDataChunk? next)) return size <= maxMessageSize;
            last++;
            size += next.UserData.Length;
        }
        if (size > maxMessageSize) return false;

        var fragments = new List<SctpDataChunk>();
        for (uint tsn = first; tsn != last + 1; tsn++)
        {
            fragments.Add(_unordered[tsn]);
            _unordered.Remove(tsn);
        }
        BufferedBytes -= size;
        delivered.Add(new SctpMessage(chunk.StreamId, chunk.Ppid, Join(fragments, (int)size), true));
        return true;
    }

    private void DeliverInOrder(InboundStream stream, List<SctpMessage> delivered)
    {
        while (stream.Pending.TryGetValue(stream.NextSsn, out List<SctpDataChunk>? fragments) && IsComplete(fragments))
        {
            int size = Size(fragments);
            stream.Pending.Remove(stream.NextSsn);
            BufferedBytes -= size;
            delivered.Add(new SctpMessage(fragments[0].StreamId, fragments[0].Ppid, Join(fragments, size), false));
            stream.NextSsn++;
        }
    }

    private static bool IsComplete(List<SctpDataChunk> fragments)
    {
        fragments.Sort((a, b) => (int)(a.Tsn - b.Tsn));
        return fragments[0].Beginning && fragments[^1].Ending &&
               fragments[^1].Tsn - fragments[0].Tsn == (uint)(fragments.Count - 1);
    }

    private static int Size(List<SctpDataChunk> fragments)
    {
        int size = 0;
        foreach (SctpDataChunk f in fragments) size += f.UserData.Length;
        return size;
    }

    /// <summary>The chunk's own array when its data is all of one (as parsed), else a copy.</summary>
    private static byte[] Whole(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out ArraySegment<byte> segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();

    private static byte[] Join(List<SctpDataChunk> fragments, int size)
    {
        var data = new byte[size];
        int offset = 0;
        foreach (SctpDataChunk f in fragments)
        {
            f.UserData.Span.CopyTo(data.AsSpan(offset));
            offset += f.UserData.Length;
        }
        return data;
    }

    private void Drop(InboundStream stream, ushort ssn)
    {
        BufferedBytes -= Size(stream.Pending[ssn]);
        stream.Pending.Remove(ssn);
    }

    private InboundStream Stream(ushort id)
    {
        if (!_streams.TryGetValue(id, out InboundStream? stream))
        {
            stream = new InboundStream();
            _streams[id] = stream;
        }
        return stream;
    }

    private sealed class InboundStream
    {
        public ushort NextSsn;
        public readonly Dictionary<ushort, List<SctpDataChunk>> Pending = new();
    }
}
