namespace Conference.Common;

/// <summary>Collects per-field validation messages so one response names every bad field.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
            _errors[field] = list = [];
        list.Add(message);
    }

    public string? Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"'{field}' is required.");
            return null;
        }
        return Optional(field, value, maxLength);
    }

    public string? Optional(string field, string? value, int maxLength)
    {
        if (value is null) return null;
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
            Add(field, $"'{field}' must be at most {maxLength} characters.");
        if (trimmed.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            Add(field, $"'{field}' must not contain control characters.");
        return trimmed;
    }

    public ResourceError ToError() =>
        ResourceError.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
