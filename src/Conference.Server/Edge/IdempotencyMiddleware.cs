using System.Security.Cryptography;
using System.Text;
using Conference.Common;
using Conference.Idempotency;
using Conference.Server.Api;
using Conference.Server.Auth;

namespace Conference.Server.Edge;

/// <summary>
/// `Idempotency-Key` on an authenticated POST under /api: the first request with a key runs and its response
/// (2xx/4xx) is remembered per caller for <see cref="EdgeOptions.IdempotencyKeyLifetime"/>; a retry of the same
/// request gets that response again (`Idempotent-Replayed: true`). The same key with another request answers 422,
/// while the first is still running 409 + Retry-After. A 5xx is not remembered, so the retry runs again — and a
/// create then uses the id derived from the key (<see cref="ResourceId"/>), so a write that committed before its
/// answer was lost is found instead of made twice.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IGrainFactory grains, EdgeOptions options, EdgeMetrics metrics,
    ILogger<IdempotencyMiddleware> logger)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const string ResourceIdItem = "conference.idempotent-resource-id";

    /// <summary>The id a create should use: derived from caller and key when the request carries one.</summary>
    public static string? ResourceId(HttpContext http) => http.Items.TryGetValue(ResourceIdItem, out var id) ? id as string : null;

    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Path.StartsWithSegments("/api")
            || !http.Request.Headers.TryGetValue(Header, out var values)
            || http.User.FindFirst(Caller.SubjectClaim)?.Value is not { } userId)
        {
            await next(http);
            return;
        }
        var key = values.ToString();
        if (key.Length is 0 or > 255 || key.Any(c => c is < '!' or > '~'))
        {
            logger.LogInformation("Rejected an Idempotency-Key that is not 1-255 visible ASCII characters");
            // Written as is: the header's name is the field (the JSON options would camel-case a dictionary key).
            await Results.Json(new System.Text.Json.Nodes.JsonObject
            {
                ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.1", ["title"] = "One or more fields are invalid.",
                ["status"] = 400, ["detail"] = "The request is invalid.",
                ["errors"] = new System.Text.Json.Nodes.JsonObject { [Header] = new System.Text.Json.Nodes.JsonArray("1 to 255 visible ASCII characters.") },
            }, contentType: "application/problem+json", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }

        var scope = SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{key}"));
        var fingerprint = await Fingerprint(http.Request);
        var record = grains.GetGrain<IIdempotencyGrain>(Convert.ToHexStringLower(scope));
        var decision = await record.Begin(fingerprint, options.IdempotencyKeyLifetime, options.CallTimeout * 3);
        metrics.Idempotent(decision.Outcome switch
        {
            IdempotencyOutcome.Proceed => "proceed", IdempotencyOutcome.Replay => "replay",
            IdempotencyOutcome.Mismatch => "mismatch", _ => "in_flight",
        });
        switch (decision.Outcome)
        {
            case IdempotencyOutcome.Replay:
                await Replay(http, decision.Response!);
                return;
            case IdempotencyOutcome.Mismatch:
                logger.LogInformation("Idempotency-Key reused for another request");
                await Problems.Status(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                    "This Idempotency-Key was used with another request; use a new key for a new request.").ExecuteAsync(http);
                return;
            case IdempotencyOutcome.InFlight:
                http.Response.Headers.RetryAfter = ClusterFaults.RetryAfterSeconds(options);
                await Problems.Status(StatusCodes.Status409Conflict, "Request in progress",
                    "A request with this Idempotency-Key is still running; retry after the time in Retry-After.").ExecuteAsync(http);
                return;
        }

        http.Items[ResourceIdItem] = ResourceIds.From(SHA256.HashData(Encoding.UTF8.GetBytes($"resource\n{userId}\n{key}")).AsSpan(0, 16));
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        catch
        {
            http.Response.Body = original;
            await Forget(record, fingerprint);
            throw;
        }
        http.Response.Body = original;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);

        if (http.Response.StatusCode >= 500) await Forget(record, fingerprint);
        else await Remember(record, fingerprint, http.Response, buffer.ToArray());
    }

    private static async Task<string> Fingerprint(HttpRequest request)
    {
        request.EnableBuffering();
        var hash = await SHA256.HashDataAsync(request.Body);
        request.Body.Position = 0;
        return $"POST {request.Path}{request.QueryString} {Convert.ToHexStringLower(hash)}";
    }

    private static async Task Replay(HttpContext http, StoredResponse response)
    {
        http.Response.StatusCode = response.Status;
        if (response.ContentType is { } type) http.Response.ContentType = type;
        if (response.Location is { } location) http.Response.Headers.Location = location;
        if (response.ETag is { } etag) http.Response.Headers.ETag = etag;
        http.Response.Headers[ReplayedHeader] = "true";
        await http.Response.Body.WriteAsync(response.Body);
    }

    /// <summary>Best effort: if the record cannot be written now, a retry waits until the attempt counts as abandoned.</summary>
    private async Task Remember(IIdempotencyGrain record, string fingerprint, HttpResponse response, byte[] body)
    {
        try
        {
            await record.Complete(fingerprint, new StoredResponse(response.StatusCode, response.ContentType,
                response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
                response.Headers.ETag.ToString() is { Length: > 0 } e ? e : null, body));
        }
        catch (Exception ex) when (ClusterFaults.IsUnavailable(ex))
        {
            logger.LogWarning(ex, "Could not remember the response of an idempotent request; a retry will find its resource by id");
        }
    }

    private async Task Forget(IIdempotencyGrain record, string fingerprint)
    {
        try
        {
            await record.Abandon(fingerprint);
        }
        catch (Exception ex) when (ClusterFaults.IsUnavailable(ex))
        {
            logger.LogWarning(ex, "Could not release an idempotency key after a failed request; it frees itself after {Seconds} s",
                (options.CallTimeout * 3).TotalSeconds);
        }
    }
}
