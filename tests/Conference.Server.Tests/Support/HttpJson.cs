using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conference.Server.Tests.Support;

/// <summary>Small helpers so tests read as requests and expected answers.</summary>
public static class HttpJson
{
    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string url, string json, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> Delete(this HttpClient client, string url, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, url);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static async Task<JsonObject> Json(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    /// <summary>Reads a body with the server's own JSON conventions (snake_case enums, camelCase names).</summary>
    public static async Task<T> Json<T>(this HttpResponseMessage response)
    {
        var options = new JsonSerializerOptions();
        Conference.Server.Api.JsonSetup.Apply(options);
        return (await response.Content.ReadFromJsonAsync<T>(options))!;
    }

    /// <summary>Creates a resource and returns its JSON, failing the test unless the answer is 201.</summary>
    public static async Task<JsonObject> Create(this HttpClient client, string url, string json)
    {
        var response = await client.PostJson(url, json);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    public static async Task<JsonObject> Problem(this HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Json();
    }

    /// <summary>The field names in a validation problem's "errors".</summary>
    public static IEnumerable<string> ErrorFields(this JsonObject problem) =>
        problem["errors"]!.AsObject().Select(p => p.Key).Order();

    public static string Id(this JsonObject resource) => resource["id"]!.GetValue<string>();

    public static string ETag(this HttpResponseMessage response) => response.Headers.ETag!.Tag;

    public static string UniqueEmail(string name) => $"{name}.{Guid.NewGuid():N}@example.com";
}
