using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Conference.Server.Api;

/// <summary>
/// Makes /openapi/v1.json say what the server does (issue 12, item 14), beyond what endpoint metadata gives:
/// the bearer scheme and which operations need it, the problem responses every operation can give (401 without a
/// valid token, 404 for an unknown id, 400/413/415 for a body, 400/412 for a write's preconditions, 429 where
/// limited), problem details with <c>traceId</c> and <c>errors</c>, enumerations without a stray <c>null</c>, and
/// input fields required only when the server requires them. OpenApiContractTests holds the server to it.
/// </summary>
public static class OpenApiContract
{
    public const string Scheme = "bearer";

    /// <summary>The fields a create/replace body must carry (the server answers 400 naming each one missing).</summary>
    private static readonly Dictionary<string, string[]> RequiredInputs = new(StringComparer.Ordinal)
    {
        ["ProjectInput"] = ["name"], ["TaskInput"] = ["name"], ["UserInput"] = ["name", "email"], ["MilestoneInput"] = ["name"],
        ["RoomInput"] = ["name"], ["ProjectMemberInput"] = ["userId"], ["ChatInput"] = ["text"], ["CommentInput"] = ["text"],
        ["RegisterInput"] = ["name", "email", "password"], ["LoginInput"] = ["email"], ["RefreshInput"] = ["refreshToken"],
        ["WorkflowInput"] = ["statuses"], ["WorkflowStatusInput"] = ["key", "name", "category"], ["WebhookInput"] = ["url"],
    };

    public static void Describe(OpenApiOptions options)
    {
        options.AddDocumentTransformer(DescribeDocument);
        options.AddOperationTransformer(DescribeOperation);
        options.AddSchemaTransformer(DescribeSchema);
    }

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellation)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
            Description = "An access token from POST /api/auth/login (15 minutes; refresh with POST /api/auth/refresh).",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] }];
        return Task.CompletedTask;
    }

    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? "GET";
        operation.Responses ??= [];
        if (metadata.OfType<IAllowAnonymous>().Any()) operation.Security = [];
        else Problem(operation, StatusCodes.Status401Unauthorized, "Unauthorized: no valid access token, or its account was deleted or its password changed");
        if (metadata.OfType<EnableRateLimitingAttribute>().Any()) Problem(operation, StatusCodes.Status429TooManyRequests, "Too Many Requests");
        if (context.Description.RelativePath?.Contains('{') == true) Problem(operation, StatusCodes.Status404NotFound, "Not Found");
        if (operation.RequestBody is not null || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method))
            Validation(operation);
        if (operation.RequestBody is not null)
        {
            Problem(operation, StatusCodes.Status413PayloadTooLarge, "Payload Too Large");
            Problem(operation, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type");
        }
        if (HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method))
            Problem(operation, StatusCodes.Status412PreconditionFailed, "Precondition Failed: If-Match names another version, or If-None-Match: * on a write");
        return Task.CompletedTask;
    }

    private static void Problem(OpenApiOperation operation, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key)) return;
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails") },
            },
        };
    }

    private static void Validation(OpenApiOperation operation)
    {
        if (operation.Responses!.ContainsKey("400")) return;
        operation.Responses["400"] = new OpenApiResponse
        {
            Description = "Bad Request: the errors map names each bad field",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("HttpValidationProblemDetails") },
            },
        };
    }

    private static Task DescribeSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellation)
    {
        var type = context.JsonTypeInfo.Type;
        // An enum is its values; where a field may be absent, the field says so (oneOf null), not the enum.
        if (schema.Enum is { Count: > 0 } values && values.Any(v => v is null))
            schema.Enum = [.. values.Where(v => v is not null)];
        if (type == typeof(Microsoft.AspNetCore.Mvc.ProblemDetails) || type == typeof(HttpValidationProblemDetails))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Correlates the answer with the server's logs." };
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object, Description = "Each bad field with what is wrong with it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
        }
        // A property left out when null (JsonIgnoreCondition.WhenWritingNull) may be absent: not required.
        if (schema.Required is { Count: > 0 } present)
            foreach (var property in context.JsonTypeInfo.Properties.Where(p => p.ShouldSerialize is not null))
                present.Remove(property.Name);
        if (RequiredInputs.TryGetValue(type.Name, out var required) && schema.Properties is { } properties)
        {
            schema.Required = new HashSet<string>(required);
            foreach (var name in required)
                if (properties.TryGetValue(name, out var property) && property is OpenApiSchema { Type: { } t } concrete)
                    concrete.Type = t & ~JsonSchemaType.Null;
        }
        else if (type.Name.EndsWith("Input", StringComparison.Ordinal) && type.Namespace?.StartsWith("Conference", StringComparison.Ordinal) == true)
        {
            schema.Required = new HashSet<string>(); // every field may be left out: null means "not given"
        }
        return Task.CompletedTask;
    }
}
