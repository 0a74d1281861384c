using System.Globalization;
using Conference.Server.Api;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace Conference.Server.Edge;

/// <summary>Faults that mean "part of the cluster is gone for now", not "this request is wrong or broke".</summary>
public static class ClusterFaults
{
    public static bool IsUnavailable(Exception? ex) => ex switch
    {
        null => false,
        TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException => true,
        // The gateway's own connection to a silo that just died (seen ~12 s after a kill -9, before membership caught up).
        Orleans.Runtime.Messaging.ConnectionFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnavailable),
        _ => IsUnavailable(ex.InnerException),
    };

    public static string RetryAfterSeconds(EdgeOptions options) =>
        Math.Max(1, (int)Math.Ceiling(options.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

/// <summary>REST: such a fault answers 503 problem+json with Retry-After (logged as an error: a server fault).</summary>
public sealed class ClusterUnavailableHandler(EdgeOptions options, EdgeMetrics metrics, ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (!ClusterFaults.IsUnavailable(exception) || http.Response.HasStarted) return false;
        logger.LogError(exception, "{Method} {Path}: the cluster did not answer; 503", http.Request.Method, http.Request.Path);
        metrics.Unavailable("rest");
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = ClusterFaults.RetryAfterSeconds(options);
        await Problems.Status(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
            "Part of the cluster did not answer in time (a server may have stopped). Retry after the time in Retry-After; " +
            "a POST retried with the same Idempotency-Key is not applied twice.").ExecuteAsync(http);
        return true;
    }
}

/// <summary>Hub: every invocation runs under the edge deadline; such a fault becomes a HubException saying so.</summary>
public sealed class HubDeadline(EdgeOptions options, EdgeMetrics metrics, TimeProvider time, ILogger<HubDeadline> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        using var deadline = EdgeDeadline.Start(options.CallTimeout, time);
        try
        {
            return await next(invocation);
        }
        catch (Exception ex) when (ClusterFaults.IsUnavailable(ex))
        {
            logger.LogError(ex, "Hub {Method}: the cluster did not answer", invocation.HubMethodName);
            metrics.Unavailable("hub");
            throw new HubException($"Unavailable: part of the cluster did not answer in time; retry after {ClusterFaults.RetryAfterSeconds(options)} s.");
        }
    }
}
