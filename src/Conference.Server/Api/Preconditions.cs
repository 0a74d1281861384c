using System.Globalization;
using Conference.Common;

namespace Conference.Server.Api;

/// <summary>ETag / If-Match: the ETag is the resource version in quotes.</summary>
public static class Preconditions
{
    public static string ETagOf(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void SetETag(HttpResponse response, IVersioned resource) =>
        response.Headers.ETag = ETagOf(resource.Version);

    /// <summary>
    /// The version named by If-Match: null when absent or "*"; -1 (matches nothing, so 412) when it is not one
    /// of our ETags. RFC 9110 §13.1.1: If-Match uses the strong comparison, so a weak tag (W/"…") never matches.
    /// </summary>
    public static long? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*") return null;
        return header.Length > 2 && header[0] == '"' && header[^1] == '"'
            && long.TryParse(header.AsSpan(1, header.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : -1;
    }

    /// <summary>
    /// An endpoint filter for the API's writes. RFC 9110 §13.1.2: "If-None-Match: *" on a PUT means "only if it does
    /// not exist yet". Our writes act on resources that exist (creation is POST), so the condition is false whenever
    /// the write could succeed: 412. Tag lists are refused (400): writes are guarded with If-Match.
    /// </summary>
    public static async ValueTask<object?> CheckNoneMatch(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsPost(request.Method)
            || request.Headers.IfNoneMatch.Count == 0)
            return await next(context);
        return request.Headers.IfNoneMatch.ToString().Trim() == "*"
            ? Problems.Status(StatusCodes.Status412PreconditionFailed, "Precondition failed",
                "If-None-Match: * asks for creation only; this resource exists and is created with POST.")
            : Problems.Invalid("If-None-Match", "Writes take If-Match with the resource's ETag; If-None-Match is only meaningful as '*' (create-only).");
    }
}
