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
    /// of our ETags.
    /// </summary>
    public static long? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*") return null;
        if (header.StartsWith("W/", StringComparison.Ordinal)) header = header[2..];
        return header.Length > 2 && header[0] == '"' && header[^1] == '"'
            && long.TryParse(header.AsSpan(1, header.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : -1;
    }
}
