using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Conference.Common;

/// <summary>Cursors are opaque to clients: base64url of the last catalog sequence number served.</summary>
public static class PageCursor
{
    public static string Encode(long sequence) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(sequence.ToString(CultureInfo.InvariantCulture)));

    public static bool TryDecode(string? cursor, out long sequence)
    {
        sequence = 0;
        if (string.IsNullOrEmpty(cursor)) return true;
        if (cursor.Length > 40) return false;
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && sequence > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
