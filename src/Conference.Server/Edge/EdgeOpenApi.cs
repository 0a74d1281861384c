using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Conference.Server.Edge;

/// <summary>In the OpenAPI document: every POST under /api (but /api/auth) takes Idempotency-Key; every /api operation may answer 503.</summary>
public static class EdgeOpenApi
{
    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        var path = "/" + (context.Description.RelativePath ?? "");
        if (!path.StartsWith("/api/", StringComparison.Ordinal)) return Task.CompletedTask;
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("503", new OpenApiResponse
        {
            Description = "Part of the cluster did not answer within the edge's deadline (Conference:Edge:CallTimeout); retry after Retry-After seconds.",
        });
        if (context.Description.HttpMethod == "POST" && !path.StartsWith("/api/auth/", StringComparison.Ordinal))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyMiddleware.Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "Makes a retry safe: the first response for this key (per caller, kept 24 h by default) is returned again instead of running the request twice. 1-255 visible ASCII characters.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 255 },
            });
        }
        return Task.CompletedTask;
    }
}
