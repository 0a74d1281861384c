using System.Text.Json;
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
        if (!request.HasJsonContentType())
            return Fail<T>(Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        if (request.ContentLength > MaxBytes)
            return TooLarge<T>();

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes) return TooLarge<T>();
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge<T>();
        }

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var json = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
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

    private static Body<T> TooLarge<T>() =>
        Fail<T>(Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body must be at most {MaxBytes} bytes."));

    private static Body<T> Fail<T>(IResult problem) => new(default, problem);

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedProperty();
}
