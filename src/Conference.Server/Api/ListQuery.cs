using System.Globalization;
using Conference.Common;

namespace Conference.Server.Api;

/// <summary>Parses paging and filter query parameters, collecting an error per bad parameter.</summary>
public sealed class ListQuery(HttpRequest request)
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public IResult? Problem => _errors.Count == 0 ? null : Problems.Invalid(_errors, "One or more query parameters are invalid.");

    /// <summary>A page of a list a grain pages itself (no filters): 400 naming a bad limit or cursor.</summary>
    public static async Task<IResult> Paged<T>(HttpContext http, Func<PageRequest, Task<Page<T>>> list)
    {
        var query = new ListQuery(http.Request);
        var page = query.Page();
        return query.Problem ?? TypedResults.Ok(await list(page));
    }

    public PageRequest Page()
    {
        var limit = PageRequest.DefaultLimit;
        if (Text("limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > PageRequest.MaxLimit))
            _errors["limit"] = [$"'limit' must be an integer from 1 to {PageRequest.MaxLimit}."];
        var cursor = Text("cursor");
        if (!PageCursor.TryDecode(cursor, out _))
            _errors["cursor"] = ["'cursor' is not a cursor this API returned."];
        return new PageRequest(limit, cursor);
    }

    public T? Enum<T>(string name) where T : struct, System.Enum
    {
        if (Text(name) is not { } text) return null;
        if (JsonSetup.TryParseEnum<T>(text, out var value)) return value;
        _errors[name] = [$"'{name}' must be one of: {JsonSetup.EnumText<T>()}."];
        return null;
    }

    public DateOnly? Date(string name)
    {
        if (Text(name) is not { } text) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        _errors[name] = [$"'{name}' must be a date (YYYY-MM-DD)."];
        return null;
    }

    public string? Id(string name)
    {
        if (Text(name) is not { } text) return null;
        if (!ResourceIds.IsWellFormed(text)) _errors[name] = [$"'{name}' is not a valid id."];
        return text;
    }

    /// <summary>Records a problem with a parameter found by a check of its own (e.g. one bound against another).</summary>
    public void Reject(string name, string message) => _errors[name] = [message];

    public bool? Bool(string name)
    {
        if (Text(name) is not { } text) return null;
        if (text is "true" or "false") return text == "true";
        _errors[name] = [$"'{name}' must be true or false."];
        return null;
    }

    public string? Label(string name)
    {
        if (Text(name) is not { } text) return null;
        if (text.Length is 0 or > 50) _errors[name] = [$"'{name}' must be 1 to 50 characters."];
        return text;
    }

    public int? Int(string name, int min, int max)
    {
        if (Text(name) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        _errors[name] = [$"'{name}' must be an integer from {min} to {max}."];
        return null;
    }

    private string? Text(string name) =>
        request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;
}
