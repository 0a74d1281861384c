using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>
/// Greedy packet-chunk encoding for transport-wide CC feedback (draft-holmer-…-01 §3.1.3/§3.1.4):
/// long runs become run-length chunks, mixed stretches become 1-bit (14 symbols) or 2-bit (7 symbols) vectors.
/// </summary>
internal static class TransportCcChunkEncoder
{
    private const int MaxRunLength = 0x1FFF;

    public static int Symbol(in TransportCcPacketResult result) =>
        !result.Received ? 0 : result.DeltaTicks is >= 0 and <= 255 ? 1 : 2;

    public static bool TryWriteChunks(Span<byte> fci, ref int position, ReadOnlySpan<TransportCcPacketResult> results)
    {
        int i = 0;
        while (i < results.Length)
        {
            int symbol = Symbol(results[i]);
            int run = 1;
            while (i + run < results.Length && run < MaxRunLength && Symbol(results[i + run]) == symbol) run++;

            ushort chunk;
            int consumed;
            int window = Math.Min(14, results.Length - i);
            if (run >= 14 || (run >= 7 && symbol == 2))
            {
                chunk = (ushort)(symbol << 13 | run);
                consumed = run;
            }
            else if (AllSmallOrLost(results.Slice(i, window)))
            {
                chunk = 0x8000;
                for (int k = 0; k < window; k++) chunk |= (ushort)(Symbol(results[i + k]) << (13 - k));
                consumed = window;
            }
            else if (run >= 7)
            {
                chunk = (ushort)(symbol << 13 | run);
                consumed = run;
            }
            else
            {
                consumed = Math.Min(7, results.Length - i);
                chunk = 0xC000;
                for (int k = 0; k < consumed; k++) chunk |= (ushort)(Symbol(results[i + k]) << (2 * (6 - k)));
            }

            if (position + 2 > fci.Length) return false;
            BinaryPrimitives.WriteUInt16BigEndian(fci.Slice(position), chunk);
            position += 2;
            i += consumed;
        }
        return true;
    }

    private static bool AllSmallOrLost(ReadOnlySpan<TransportCcPacketResult> results)
    {
        foreach (var r in results)
        {
            if (Symbol(r) == 2) return false;
        }
        return true;
    }
}
