using System.Globalization;
using System.Text;

namespace Conference.Server.Attachments;

/// <summary>What an uploaded file is called here: the client's last path segment, without control characters, ≤ 200.</summary>
public static class FileNames
{
    public const int MaxLength = 200;
    public const string Fallback = "file";

    public static string Sanitize(string? name)
    {
        var lastSegment = (name ?? "").Split('/', '\\').Last();
        var kept = new StringBuilder(lastSegment.Length);
        foreach (var c in lastSegment)
            if (!char.IsControl(c) && c is not ('"' or ':' or '<' or '>' or '|' or '*' or '?')
                && CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator))
                kept.Append(c);
        var clean = kept.ToString().Trim().Trim('.').Trim();
        if (clean.Length == 0) return Fallback;
        return clean.Length <= MaxLength ? clean : Truncate(clean);
    }

    /// <summary>Cuts by text elements so that a surrogate pair or combining sequence is never split.</summary>
    private static string Truncate(string name)
    {
        var result = new StringBuilder(MaxLength);
        var elements = StringInfo.GetTextElementEnumerator(name);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (result.Length + element.Length > MaxLength) break;
            result.Append(element);
        }
        return result.ToString();
    }
}
