using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Conference.Server.Api;

/// <summary>A parsed body or the problem that explains why there is none.</summary>
public readonly record struct Body<T>(T? Value, IResult? Problem);

/// <summary>
/// Reads JSON bodies ourselves rather than through parameter binding, so every failure names the field:
/// wrong content type → 415, over 1 MiB → 413, malformed JSON, wrong types and unknown fields → 400.
/// </summary>
public static partial class RequestBody
{
    public const int MaxBytes = 1024 * 1024;

    public static async Task<Body<T>> Read<T>(HttpRequest request) where T : class
    {
        var (json, failed) = await ReadBytes(request);
        if (failed is not null) return Fail<T>(failed);
        return Parse<T>(json, Options(request));
    }

    /// <summary>
    /// Applies a JSON merge patch (RFC 7396) to <paramref name="current"/>: members set to null are removed, objects
    /// merge recursively, anything else replaces. Unknown and mistyped fields of the patch are named as for PUT.
    /// </summary>
    public static async Task<Body<T>> ReadMergePatch<T>(HttpRequest request, T current) where T : class
    {
        var (json, failed) = await ReadBytes(request);
        if (failed is not null) return Fail<T>(failed);
        var options = Options(request);
        if (RepeatedField(json) is { } repeated)
            return Fail<T>(Problems.Invalid(repeated, $"'{repeated}' is given more than once."));
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(json.Span);
            _ = (patch as JsonObject)?.Count; // materialises the members: a duplicate name throws here, not later
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return Fail<T>(Problems.Invalid("body", "The body is not valid JSON."));
        }
        if (patch is not JsonObject patchObject) return Fail<T>(Problems.Invalid("body", "A JSON merge patch object is required."));
        // The merged document carries the patch's fields, so parsing it names unknown and mistyped ones as for PUT.
        var merged = Merge(JsonSerializer.SerializeToNode(current, options), patchObject);
        return Parse<T>(System.Text.Encoding.UTF8.GetBytes(merged?.ToJsonString(options) ?? "null"), options);
    }

    /// <summary>The first member name an object in the body repeats (its JSON path below the root), or null.</summary>
    private static string? RepeatedField(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return RepeatedField(document.RootElement, "");
        }
        catch (JsonException)
        {
            return null; // not JSON at all: reported as such by the caller
        }
    }

    private static string? RepeatedField(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Array)
            return element.EnumerateArray().Select((item, i) => RepeatedField(item, $"{path}[{i}]")).FirstOrDefault(r => r is not null);
        if (element.ValueKind != JsonValueKind.Object) return null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var name = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (!seen.Add(property.Name)) return name;
            if (RepeatedField(property.Value, name) is { } nested) return nested;
        }
        return null;
    }

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target as JsonObject is { } targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null) result.Remove(name);
            else result[name] = Merge(result[name], value);
        }
        return result;
    }

    private static JsonSerializerOptions Options(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    /// <summary>The body's bytes, or the 415/413 problem that stops us reading it.</summary>
    private static async Task<(ReadOnlyMemory<byte> Json, IResult? Problem)> ReadBytes(HttpRequest request)
    {
        if (!request.HasJsonContentType())
            return (default, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        if (request.ContentLength > MaxBytes)
            return (default, TooLarge());

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes) return (default, TooLarge());
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, TooLarge());
        }
        catch (BadHttpRequestException)
        {
            // A chunked body that is unframed or ends early: the client's mistake, so 400 rather than a fault.
            return (default, Problems.Invalid("body", "The body ended early or its chunked framing is malformed."));
        }
        return (buffer.ToArray(), null);
    }

    private static Body<T> Parse<T>(ReadOnlyMemory<byte> json, JsonSerializerOptions options) where T : class
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return Fail<T>(Problems.Invalid("body", "The body is not valid JSON."));
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return Fail<T>(Problems.Invalid("body", "A JSON object is required."));
            if (RepeatedField(document.RootElement, "") is { } repeated)
                return Fail<T>(Problems.Invalid(repeated, $"'{repeated}' is given more than once."));
            if (FieldErrors<T>(document.RootElement, options) is { Count: > 0 } errors)
                return Fail<T>(Problems.Invalid(errors, "One or more fields are invalid."));
        }
        try
        {
            var value = JsonSerializer.Deserialize<T>(json.Span, options);
            return value is null
                ? Fail<T>(Problems.Invalid("body", "A JSON object is required."))
                : new Body<T>(value, null);
        }
        catch (JsonException ex)
        {
            var (field, message) = Describe(ex);
            return Fail<T>(Problems.Invalid(field, message));
        }
    }

    /// <summary>Checks each property on its own, so one answer names every unknown or mistyped field.</summary>
    private static Dictionary<string, string[]> FieldErrors<T>(JsonElement body, JsonSerializerOptions options)
    {
        var properties = options.GetTypeInfo(typeof(T)).Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (!properties.TryGetValue(property.Name, out var info))
            {
                errors[property.Name] = [$"'{property.Name}' is not a known field."];
                continue;
            }
            try
            {
                property.Value.Deserialize(info.PropertyType, options);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                errors[property.Name] = [$"'{property.Name}' has the wrong type or format."];
            }
        }
        return errors;
    }

    private static (string Field, string Message) Describe(JsonException ex)
    {
        if (UnmappedProperty().Match(ex.Message) is { Success: true } unmapped)
            return (unmapped.Groups[1].Value, $"'{unmapped.Groups[1].Value}' is not a known field.");
        var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
        if (field == "body")
            return (field, "The body is not valid JSON.");
        return ex.InnerException is FormatException || ex.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? (field, $"'{field}' has the wrong type or format.")
            : (field, $"'{field}' is not valid JSON.");
    }

    private static IResult TooLarge() =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body must be at most {MaxBytes} bytes.");

    private static Body<T> Fail<T>(IResult problem) => new(default, problem);

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedProperty();
}
