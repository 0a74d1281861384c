using System.Text;

namespace Conference.Media.Rtp;

/// <summary>
/// Text-valued SDES extensions: sdes:mid (RFC 8843 §15), rtp-stream-id and repaired-rtp-stream-id (RFC 8852 §3).
/// The hot path compares bytes; the string form is for the (rare) moment a new stream is learned.
/// </summary>
public static class RtpStreamIdentifiers
{
    public static bool IsValid(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value.Length > 255) return false;
        foreach (byte b in value)
        {
            if (b is < 0x21 or > 0x7E) return false;
        }
        return true;
    }

    /// <summary>Allocation-free comparison against a known id (mid or rid).</summary>
    public static bool Matches(ReadOnlySpan<byte> value, string id)
    {
        if (value.Length != id.Length) return false;
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != id[i]) return false;
        }
        return true;
    }

    public static bool TryRead(ReadOnlySpan<byte> value, out string id)
    {
        id = string.Empty;
        if (!IsValid(value)) return false;
        id = Encoding.ASCII.GetString(value);
        return true;
    }

    /// <summary>Writes the ASCII id; returns bytes written or -1 if it does not fit or is not printable ASCII.</summary>
    public static int Write(Span<byte> destination, string id)
    {
        if (id.Length == 0 || id.Length > destination.Length) return -1;
        for (int i = 0; i < id.Length; i++)
        {
            char c = id[i];
            if (c is < '!' or > '~') return -1;
            destination[i] = (byte)c;
        }
        return id.Length;
    }
}
