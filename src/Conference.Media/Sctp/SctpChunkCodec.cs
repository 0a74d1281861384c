using System.Buffers.Binary;

namespace Conference.Media.Sctp;

/// <summary>Reads one chunk value by type. Unknown types are kept raw so the association can apply RFC 9260 §3.2 rules.</summary>
internal static class SctpChunkCodec
{
    public static bool TryRead(byte type, byte flags, ReadOnlySpan<byte> value, out SctpChunk? chunk)
    {
        chunk = null;
        switch (type)
        {
            case SctpChunkType.Data: return SctpDataChunk.TryRead(flags, value, out chunk);
            case SctpChunkType.Init: return SctpInitChunk.TryRead(false, value, out chunk);
            case SctpChunkType.InitAck: return SctpInitChunk.TryRead(true, value, out chunk);
            case SctpChunkType.Sack: return SctpSackChunk.TryRead(value, out chunk);
            case SctpChunkType.ForwardTsn: return SctpForwardTsnChunk.TryRead(value, out chunk);
            case SctpChunkType.ReConfig: return SctpReconfigChunk.TryRead(value, out chunk);
            case SctpChunkType.CookieEcho:
                if (value.IsEmpty) return false;
                chunk = new SctpCookieEchoChunk(value.ToArray());
                return true;
            case SctpChunkType.Shutdown:
                if (value.Length < 4) return false;
                chunk = new SctpShutdownChunk(BinaryPrimitives.ReadUInt32BigEndian(value));
                return true;
            case SctpChunkType.CookieAck or SctpChunkType.ShutdownAck or SctpChunkType.ShutdownComplete:
                chunk = new SctpEmptyChunk(type, flags);
                return true;
            default:
                chunk = new SctpRawChunk(type, flags, value.ToArray());
                return true;
        }
    }
}
