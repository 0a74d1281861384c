using System.Text;

namespace Conference.Search;

/// <summary>How text becomes search terms: runs of letters and digits, lower-cased (invariant culture).</summary>
public static class SearchText
{
    public static List<string> Tokens(string? text)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text)) return tokens;
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c)) word.Append(char.ToLowerInvariant(c));
            else Flush();
        }
        Flush();
        return tokens;

        void Flush()
        {
            if (word.Length > 0) tokens.Add(word.ToString().Normalize(NormalizationForm.FormC));
            word.Clear();
        }
    }

    /// <summary>The distinct tokens of all <paramref name="texts"/>, sorted ordinally (what an index entry stores).</summary>
    public static string[] Words(params IEnumerable<string?> texts) =>
        texts.SelectMany(Tokens).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
