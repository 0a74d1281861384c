namespace Conference.Server.Api;

/// <summary>
/// The exception handler's one mapping for faults a client caused outside our own body readers (a malformed
/// request Kestrel rejects while a handler reads it): its 4xx as problem+json, logged as information. Anything
/// else stays a 500 logged as an error by the exception handler middleware.
/// </summary>
public sealed class ClientFaults(IProblemDetailsService problems, ILogger<ClientFaults> logger) : Microsoft.AspNetCore.Diagnostics.IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException { StatusCode: >= 400 and < 500 } bad) return false;
        logger.LogInformation("Bad request {Method} {Path}: {Reason}", http.Request.Method, http.Request.Path, bad.Message);
        http.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
        });
    }
}
