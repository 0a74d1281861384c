using System.Globalization;

namespace Conference.Media.Sdp;

/// <summary>Strict token parsing shared by the SDP attribute parsers (digits only: no signs, spaces or exponents).</summary>
internal static class SdpText
{
    public static readonly char[] Space = [' '];

    public static bool TryParseInt(ReadOnlySpan<char> text, int min, int max, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 10 ||
            !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }
        return value >= min && value <= max;
    }

    public static bool TryParseUInt(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        return !text.IsEmpty && text.Length <= 10 && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseULong(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        return !text.IsEmpty && text.Length <= 20 && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static bool IsDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > 64) return false;
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }
        return true;
    }

    /// <summary>Splits on single spaces, dropping empty entries (browsers occasionally double spaces).</summary>
    public static string[] Tokens(string value) => value.Split(Space, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>RFC 8866 §9 token: visible ASCII except the tspecials it lists.</summary>
    public static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return false;
        foreach (char c in text)
        {
            if (c is < '!' or > '~' or '"' or '(' or ')' or ',' or '/' or ':' or ';' or '<' or '=' or '>' or '?' or '@' or '[' or '\\' or ']' or '{' or '}')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Visible ASCII, no spaces (byte-string without CR/LF/NUL and spaces).</summary>
    public static bool IsVisible(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return false;
        foreach (char c in text)
        {
            if (c is <= ' ' or > '~') return false;
        }
        return true;
    }

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(uint value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
