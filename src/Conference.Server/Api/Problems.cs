using Conference.Common;

namespace Conference.Server.Api;

/// <summary>The one error mapping: typed grain errors and edge checks become RFC 7807 problem+json.</summary>
public static class Problems
{
    public static IResult From(ResourceError error) => error.Kind switch
    {
        ErrorKind.Invalid => Invalid(error.Fields ?? new Dictionary<string, string[]>(), error.Message),
        ErrorKind.NotFound => Status(StatusCodes.Status404NotFound, "Not found", error.Message),
        ErrorKind.Conflict => Status(StatusCodes.Status409Conflict, "Conflict", error.Message),
        ErrorKind.PreconditionFailed => Status(StatusCodes.Status412PreconditionFailed, "Precondition failed", error.Message),
        ErrorKind.Forbidden => Status(StatusCodes.Status403Forbidden, "Forbidden", error.Message),
        ErrorKind.RateLimited => Status(StatusCodes.Status429TooManyRequests, "Too many requests", error.Message),
        _ => Status(StatusCodes.Status503ServiceUnavailable, "Unavailable", error.Message),
    };

    public static IResult Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] }, "The request is invalid.");

    public static IResult Invalid(IReadOnlyDictionary<string, string[]> fields, string detail) =>
        TypedResults.ValidationProblem(fields.ToDictionary(f => f.Key, f => f.Value), detail: detail,
            title: "One or more fields are invalid.");

    public static IResult NotFound(string resource, string id) => From(ResourceError.NotFound(resource, id));

    public static IResult Status(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
