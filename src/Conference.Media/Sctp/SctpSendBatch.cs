namespace Conference.Media.Sctp;

/// <summary>
/// Defers the transmission of messages queued on this thread until <see cref="Flush"/>, so that what one thread queues
/// for one association in a row leaves bundled, several DATA chunks per packet (RFC 9260 §6.10), instead of one packet
/// (one DTLS record, one datagram) per message. The SFU's data-channel relay queues each received message on every
/// recipient's association from the sender's DTLS thread; <see cref="SctpOverDtls"/> opens a batch there while more
/// records are waiting and flushes once the thread has handled them (or after <see cref="MaxRecords"/>), so a burst of
/// small relayed messages is bundled per subscriber association as a direct burst is by cwnd.
/// Messages are queued (TSN and SSN assigned) at once; only the sending waits, and never past the end of the burst.
/// </summary>
internal sealed class SctpSendBatch
{
    /// <summary>Records handled in one batch at most: bounds the delay the first message can see under a long burst.</summary>
    public const int MaxRecords = 16;

    // One instance per thread, reused from batch to batch (no allocation per burst).
    [ThreadStatic] private static SctpSendBatch? t_batch;

    private readonly List<SctpAssociation> _pending = [];
    private bool _open;
    private int _records;

    /// <summary>The batch open on this thread, or null (then sends go out at once).</summary>
    public static SctpSendBatch? Current => t_batch is { _open: true } batch ? batch : null;

    /// <summary>Opens a batch on this thread if none is (one thread: a DTLS transport's receive thread).</summary>
    public static void Open() => (t_batch ??= new SctpSendBatch())._open = true;

    /// <summary>Counts one handled record; true when the batch should be flushed now.</summary>
    public static bool RecordHandled() => Current is { } batch && ++batch._records >= MaxRecords;

    /// <summary>Sends what associations deferred on this thread and closes the batch.</summary>
    public static void Flush()
    {
        if (Current is not { } batch) return;
        batch._open = false; // closed first: what the flush sends goes out at once
        batch._records = 0;
        // Every association is flushed even if one's event handler throws: a skipped one would keep its data queued.
        Exception? first = null;
        for (int i = 0; i < batch._pending.Count; i++)
        {
            try
            {
                batch._pending[i].FlushDeferred();
            }
            catch (Exception e)
            {
                first ??= e;
            }
        }
        batch._pending.Clear();
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }

    /// <summary>An association with deferred sends, flushed once at the end (it registers once per batch).</summary>
    public void Defer(SctpAssociation association) => _pending.Add(association);
}
