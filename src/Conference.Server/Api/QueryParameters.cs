using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Conference.Server.Api;

/// <summary>
/// A query parameter an endpoint reads itself through <see cref="ListQuery"/>: declared here so that the OpenAPI
/// document (and the web client's generated types) name it, its type and its allowed values.
/// </summary>
public sealed record QueryParameter(string Name, JsonSchemaType Type, string Description, string? Format = null, IReadOnlyList<string>? Values = null)
{
    public static readonly QueryParameter[] Paging =
    [
        new("limit", JsonSchemaType.Integer, "Page size, 1–200 (default 50)."),
        new("cursor", JsonSchemaType.String, "The nextCursor of the previous page."),
    ];

    public static QueryParameter Text(string name, string description) => new(name, JsonSchemaType.String, description);
    public static QueryParameter Integer(string name, string description) => new(name, JsonSchemaType.Integer, description);
    public static QueryParameter Flag(string name, string description) => new(name, JsonSchemaType.Boolean, description);
    public static QueryParameter Date(string name, string description) => new(name, JsonSchemaType.String, description, "date");

    public static QueryParameter Enum<T>(string name, string description) where T : struct, System.Enum =>
        new(name, JsonSchemaType.String, description, Values: JsonSetup.EnumText<T>().Split(", "));
}

public static class QueryParameterDocs
{
    /// <summary>Declares the query parameters (all optional unless the endpoint says otherwise in its description).</summary>
    public static TBuilder WithQuery<TBuilder>(this TBuilder builder, params IEnumerable<QueryParameter> parameters)
        where TBuilder : IEndpointConventionBuilder
    {
        var list = parameters.ToList();
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var p in list)
            {
                var schema = new OpenApiSchema { Type = p.Type, Format = p.Format };
                if (p.Values is { } values) schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
                operation.Parameters.Add(new OpenApiParameter { Name = p.Name, In = ParameterLocation.Query, Description = p.Description, Schema = schema });
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>The paging parameters, then <paramref name="filters"/>.</summary>
    public static TBuilder WithPaging<TBuilder>(this TBuilder builder, params QueryParameter[] filters) where TBuilder : IEndpointConventionBuilder =>
        builder.WithQuery([.. QueryParameter.Paging, .. filters]);
}
