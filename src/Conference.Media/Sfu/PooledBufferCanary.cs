using System.Buffers;
using System.Collections.Concurrent;

namespace Conference.Media.Sfu;

/// <summary>
/// Catches a pooled buffer written after it was returned (the use-after-return a cache disposed off its loop
/// would cause: another renter's buffer overwritten with media). While enabled — always in Debug builds, and when a
/// test turns it on in Release — returned buffers are filled with a pattern and held in a bounded quarantine instead
/// of going back to the pool; a buffer whose pattern changed when it leaves the quarantine (or at
/// <see cref="Flush"/>) counts as a violation.
/// </summary>
internal static class PooledBufferCanary
{
    private const byte Pattern = 0xCB;
    private const int MaxQuarantined = 4096; // ~8 MB of 2 KiB pool arrays
    private static readonly ConcurrentQueue<byte[]> Quarantine = new();
    private static long _violations;

#if DEBUG
    private static volatile bool _enabled = true;
#else
    private static volatile bool _enabled;
#endif

    public static bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    /// <summary>Buffers found written after their return, since the process started.</summary>
    public static long Violations => Interlocked.Read(ref _violations);

    public static void Return(byte[] buffer)
    {
        if (!_enabled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return;
        }
        buffer.AsSpan().Fill(Pattern);
        Quarantine.Enqueue(buffer);
        while (Quarantine.Count > MaxQuarantined && Quarantine.TryDequeue(out var oldest)) Release(oldest);
    }

    /// <summary>Checks and releases every quarantined buffer; returns the violations so far.</summary>
    public static long Flush()
    {
        while (Quarantine.TryDequeue(out var buffer)) Release(buffer);
        return Violations;
    }

    private static void Release(byte[] buffer)
    {
        if (buffer.AsSpan().IndexOfAnyExcept(Pattern) >= 0) Interlocked.Increment(ref _violations);
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
