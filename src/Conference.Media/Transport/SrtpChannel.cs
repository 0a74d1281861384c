using System.Buffers;
using Conference.Media.Srtp;

namespace Conference.Media.Transport;

/// <summary>Why an incoming SRTP/SRTCP packet was or was not accepted.</summary>
public enum SrtpReceiveResult
{
    Accepted,

    /// <summary>DTLS has not produced keys yet (RFC 5764 §4.1: no media before the handshake ends).</summary>
    NoKeys,
    AuthenticationFailed,
    Replayed,
    Malformed,

    /// <summary>The session's stream table is full (a flood of new SSRCs).</summary>
    StreamLimit,
}

/// <summary>
/// The two SRTP sessions of one DTLS-SRTP association (RFC 5764 §4.2): one protects what we send, one
/// unprotects what we receive. Receiving happens on one socket loop. On an engine (<see cref="SendLoop"/> set) that
/// loop owns the send side too: sends from it protect in a buffer of the channel's own, with no lock, and sends from
/// other threads are posted to it as a copy. Without a loop (clients, tools) any thread may send: protection is then
/// serialised by a lock and done in a pooled buffer.
/// </summary>
public sealed class SrtpChannel : IDisposable
{
    /// <summary>The most either profile adds to a packet: a 16-byte GCM tag plus the 4-byte SRTCP index.</summary>
    public const int MaxOverhead = 20;

    private readonly Lock _sendLock = new();
    private SrtpSession? _inbound;
    private SrtpSession? _outbound;
    private bool _disposed;

    /// <summary>Posts work to the loop that unprotects (the engine's receive loop); null: dispose in place.</summary>
    internal Action<Action>? ReceiveLoop { get; set; }

    /// <summary>The loop that owns the outbound session (the engine's); null: any thread sends, under a lock.</summary>
    internal SrtpSendLoop? SendLoop { get; set; }

    // The owning loop's protect buffer: only that loop touches it (grown, rarely, for a larger packet).
    private byte[] _loopBuffer = [];

    public bool HasKeys => Volatile.Read(ref _outbound) is not null;

    public SrtpProfile? Profile => Volatile.Read(ref _outbound)?.Profile;

    /// <summary>Receive-side statistics (authentication failures, replays...); zero before keys exist.</summary>
    public SrtpStatistics InboundStatistics => Volatile.Read(ref _inbound)?.Statistics ?? default;

    /// <summary>Send-side statistics (packets protected).</summary>
    public SrtpStatistics OutboundStatistics => Volatile.Read(ref _outbound)?.Statistics ?? default;

    /// <summary>Installs the keys split from the DTLS exporter; later calls are ignored.</summary>
    public void SetKeys(SrtpKeyMaterial keys)
    {
        lock (_sendLock)
        {
            if (_outbound is not null || _disposed) return;
            Volatile.Write(ref _inbound, keys.CreateInbound());
            Volatile.Write(ref _outbound, keys.CreateOutbound());
        }
    }

    /// <summary>Unprotects in place; on success <paramref name="length"/> is the plain RTP length.</summary>
    public SrtpReceiveResult UnprotectRtp(Span<byte> packet, out int length)
    {
        length = 0;
        SrtpSession? inbound = Volatile.Read(ref _inbound);
        if (inbound is null) return SrtpReceiveResult.NoKeys;
        SrtpStatistics before = inbound.Statistics;
        return inbound.TryUnprotectRtp(packet, packet.Length, out length) ? SrtpReceiveResult.Accepted : Why(before, inbound.Statistics);
    }

    /// <summary>Unprotects an SRTCP compound packet in place.</summary>
    public SrtpReceiveResult UnprotectRtcp(Span<byte> packet, out int length)
    {
        length = 0;
        SrtpSession? inbound = Volatile.Read(ref _inbound);
        if (inbound is null) return SrtpReceiveResult.NoKeys;
        SrtpStatistics before = inbound.Statistics;
        return inbound.TryUnprotectRtcp(packet, packet.Length, out length) ? SrtpReceiveResult.Accepted : Why(before, inbound.Statistics);
    }

    /// <summary>
    /// Protects a copy of <paramref name="packet"/> in a pooled buffer and passes the result to
    /// <paramref name="send"/>. False when there are no keys yet, the packet is malformed, or send refused it.
    /// </summary>
    public bool ProtectAndSend(ReadOnlySpan<byte> packet, bool isRtcp, DatagramSender send)
    {
        if (!HasKeys || packet.IsEmpty) return false;
        if (SendLoop is { } loop)
        {
            return loop.IsCurrent() ? ProtectOnLoop(packet, isRtcp, send) : PostToLoop(loop, packet.ToArray(), isRtcp, send);
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent(packet.Length + MaxOverhead);
        try
        {
            packet.CopyTo(buffer);
            int length;
            bool protectedOk;
            lock (_sendLock)
            {
                // The sender's ROC and SRTCP index live in the session: one writer at a time.
                SrtpSession? outbound = _outbound;
                if (outbound is null) return false; // disposed meanwhile
                protectedOk = isRtcp
                    ? outbound.TryProtectRtcp(buffer, packet.Length, out length)
                    : outbound.TryProtectRtp(buffer, packet.Length, out length);
            }
            return protectedOk && send(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Not on the owner (a test, a tool, a timer): the loop protects the copy in order with its own sends. Off the
    /// packet path, so the copy and the closure are fine (a method of its own: a captured parameter would allocate the
    /// closure on every call); true means handed over, like a datagram queued.
    /// </summary>
    private bool PostToLoop(SrtpSendLoop loop, byte[] copy, bool isRtcp, DatagramSender send)
    {
        loop.Post(() => ProtectOnLoop(copy, isRtcp, send));
        return true;
    }

    /// <summary>On the owning loop: the session's ROC and SRTCP index are the loop's, so no lock; no allocation.</summary>
    private bool ProtectOnLoop(ReadOnlySpan<byte> packet, bool isRtcp, DatagramSender send)
    {
        SrtpSession? outbound = Volatile.Read(ref _outbound);
        if (outbound is null) return false; // disposed
        if (_loopBuffer.Length < packet.Length + MaxOverhead) _loopBuffer = new byte[Math.Max(packet.Length + MaxOverhead, 1500)];
        byte[] buffer = _loopBuffer;
        packet.CopyTo(buffer);
        int length;
        bool protectedOk = isRtcp
            ? outbound.TryProtectRtcp(buffer, packet.Length, out length)
            : outbound.TryProtectRtp(buffer, packet.Length, out length);
        return protectedOk && send(buffer.AsSpan(0, length));
    }

    /// <summary>Forgets the keys; later sends return false and later receives report <see cref="SrtpReceiveResult.NoKeys"/>.</summary>
    public void Dispose()
    {
        SrtpSession? inbound, outbound;
        lock (_sendLock)
        {
            outbound = _outbound;
            inbound = _inbound;
            _outbound = null;
            _inbound = null;
            _disposed = true;
        }
        // The owning loop may be protecting with it right now: it disposes it once it has moved past.
        if (outbound is not null)
        {
            if (SendLoop is { } loop) loop.Post(outbound.Dispose);
            else outbound.Dispose();
        }
        // A receive in progress on the socket loop may still hold the inbound session: the loop that owns it
        // releases it, once it has moved past any packet it was unprotecting.
        if (inbound is null) return;
        if (ReceiveLoop is { } post) post(inbound.Dispose);
        else inbound.Dispose();
    }

    private static SrtpReceiveResult Why(SrtpStatistics before, SrtpStatistics after)
    {
        if (after.ReplayDrops > before.ReplayDrops) return SrtpReceiveResult.Replayed;
        if (after.AuthenticationFailures > before.AuthenticationFailures) return SrtpReceiveResult.AuthenticationFailed;
        if (after.UnknownStreamsRejected > before.UnknownStreamsRejected) return SrtpReceiveResult.StreamLimit;
        return SrtpReceiveResult.Malformed;
    }
}

/// <summary>The loop that owns an <see cref="SrtpChannel"/>'s send side: whether the caller is on it, and how to post to it.</summary>
internal sealed class SrtpSendLoop(Func<bool> isCurrent, Action<Action> post)
{
    public bool IsCurrent() => isCurrent();

    public void Post(Action work) => post(work);
}
