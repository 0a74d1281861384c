namespace Conference.Common;

/// <summary>The kinds of failure a mutation can report; the REST layer maps each to one status code.</summary>
[GenerateSerializer, Alias("conference.ErrorKind")]
public enum ErrorKind
{
    NotFound = 0,
    Invalid = 1,
    Conflict = 2,
    PreconditionFailed = 3,
    Forbidden = 4,
    /// <summary>Storage or a dependency failed; retrying later may succeed.</summary>
    Unavailable = 5,
    /// <summary>The caller is sending too fast; nothing was changed.</summary>
    RateLimited = 6,
}

/// <summary>A typed error returned by grains instead of throwing, so callers never see a 500 for bad input.</summary>
[Immutable, GenerateSerializer, Alias("conference.ResourceError")]
public sealed record ResourceError(
    [property: Id(0)] ErrorKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] IReadOnlyDictionary<string, string[]>? Fields = null)
{
    public static ResourceError NotFound(string resource, string id) =>
        new(ErrorKind.NotFound, $"{resource} '{id}' was not found.");

    public static ResourceError Conflict(string message) => new(ErrorKind.Conflict, message);

    public static ResourceError Stale(long expected, long actual) =>
        new(ErrorKind.PreconditionFailed, $"The resource is at version {actual}, not {expected}.");

    public static ResourceError Unavailable(string message) => new(ErrorKind.Unavailable, message);

    public static ResourceError Invalid(string field, string message) =>
        new(ErrorKind.Invalid, "The request is invalid.", new Dictionary<string, string[]> { [field] = [message] });

    public static ResourceError Invalid(IReadOnlyDictionary<string, string[]> fields) =>
        new(ErrorKind.Invalid, "The request is invalid.", fields);
}
