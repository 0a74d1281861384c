using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Conference.Server.Tests.Support;

/// <summary>
/// Checks an answer against the operation the OpenAPI document describes: its status is documented, its content type
/// is one documented for that status, and its JSON body validates against the documented schema (JsonSchema.Net, a
/// JSON Schema 2020-12 validator; the document's component schemas become the schema's $defs).
/// </summary>
public sealed class OpenApiResponses(JsonObject document)
{
    private readonly JsonObject _components = document["components"]?["schemas"]?.AsObject() ?? [];
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    public JsonObject Document => document;

    public static async Task<OpenApiResponses> Load(HttpClient client) =>
        new(JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject());

    /// <summary>Null when the answer is what the document says, else what differs.</summary>
    public async Task<string?> Mismatch(string method, string route, HttpResponseMessage response)
    {
        var status = ((int)response.StatusCode).ToString();
        if (document["paths"]?[route]?[method.ToLowerInvariant()] is not JsonObject operation)
            return $"{method} {route} is not in the document";
        if ((operation["responses"]?[status] ?? operation["responses"]?["default"]) is not JsonObject documented)
            return $"{method} {route}: {status} is not a documented response ({string.Join(", ", operation["responses"]!.AsObject().Select(r => r.Key))})";
        var body = await response.Content.ReadAsStringAsync();
        var content = documented["content"] as JsonObject;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (body.Length == 0)
            return content is { Count: > 0 } ? $"{method} {route}: {status} has no body, the document describes one" : null;
        var media = mediaType is null ? null : (content?[mediaType] ?? content?[mediaType.Split('/')[0] + "/*"] ?? content?["*/*"]) as JsonObject;
        if (content is null || mediaType is null || media is null)
            return $"{method} {route}: {status} answered {mediaType ?? "no content type"}, documented: {string.Join(", ", content?.Select(c => c.Key) ?? [])}";
        if (!mediaType.Contains("json", StringComparison.Ordinal) || media["schema"] is not JsonNode schema) return null;

        JsonNode? instance;
        try { instance = JsonNode.Parse(body); }
        catch (System.Text.Json.JsonException) { return $"{method} {route}: {status} body is not JSON"; }
        var results = SchemaFor(schema).Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return null;
        var errors = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")).Take(5);
        return $"{method} {route}: {status} body does not match the schema: {string.Join("; ", errors)} — body: {Clip(body)}";
    }

    private JsonSchema SchemaFor(JsonNode schema)
    {
        var text = schema.ToJsonString();
        return _schemas.GetOrAdd(text, _ =>
        {
            var wrapper = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$defs"] = _components.DeepClone(),
                ["allOf"] = new JsonArray(schema.DeepClone()),
            };
            return JsonSchema.FromText(wrapper.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal));
        });
    }

    private static string Clip(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
