using System.Globalization;
using System.Text;

namespace Conference.Activity;

/// <summary>Renders field values for the history the way the JSON API spells them, so history reads like the resource.</summary>
public static class ActivityValues
{
    public static string? Text(object? value) => value switch
    {
        null => null,
        string text => text,
        Enum member => SnakeCase(member.ToString()),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        string[] list => list.Length == 0 ? null : string.Join(",", list),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static string SnakeCase(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) builder.Append('_');
            builder.Append(char.ToLowerInvariant(pascal[i]));
        }
        return builder.ToString();
    }

    /// <summary>The changes between two versions of a resource, one per field that differs, in the order given.</summary>
    public static IEnumerable<(string Field, string? From, string? To)> Diff<T>(T? before, T after, IEnumerable<(string Field, Func<T, object?> Read)> fields)
        where T : class
    {
        foreach (var (field, read) in fields)
        {
            var from = before is null ? null : Text(read(before));
            var to = Text(read(after));
            if (from != to) yield return (field, from, to);
        }
    }
}
