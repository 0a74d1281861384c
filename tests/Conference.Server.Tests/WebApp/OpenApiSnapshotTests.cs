using System.Text.Json;
using System.Text.Json.Nodes;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.WebApp;

/// <summary>
/// The web client's API types are generated from src/Conference.Web/openapi/v1.json. This test keeps that snapshot
/// equal to what the server serves, so an API change shows up in the client's type check. After an intended API
/// change, refresh the snapshot (then run the web type check):
/// <c>UPDATE_OPENAPI_SNAPSHOT=1 dotnet test tests/Conference.Server.Tests -c Release --filter OpenApiSnapshot</c>
/// </summary>
public sealed class OpenApiSnapshotTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task OpenApiSnapshot_of_the_web_client_equals_the_served_document()
    {
        var served = Normalize(JsonNode.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"))!);
        var path = SnapshotPath();

        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI_SNAPSHOT") == "1")
            await File.WriteAllTextAsync(path, served.ToJsonString(Indented) + "\n");

        var snapshot = Normalize(JsonNode.Parse(await File.ReadAllTextAsync(path))!);
        Assert.True(JsonNode.DeepEquals(served, snapshot),
            "src/Conference.Web/openapi/v1.json differs from the served /openapi/v1.json. After an intended API change run: " +
            "UPDATE_OPENAPI_SNAPSHOT=1 dotnet test tests/Conference.Server.Tests -c Release --filter OpenApiSnapshot " +
            $"(first difference: {FirstDifference(served, snapshot, "$")})");
    }

    /// <summary>`servers` names the host that was asked; the rest describes the API.</summary>
    private static JsonNode Normalize(JsonNode document)
    {
        document.AsObject().Remove("servers");
        return document;
    }

    private static string FirstDifference(JsonNode? a, JsonNode? b, string at)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
                if (!JsonNode.DeepEquals(oa[key], ob[key])) return FirstDifference(oa[key], ob[key], $"{at}.{key}");
        }
        else if (a is JsonArray aa && b is JsonArray ab && aa.Count == ab.Count)
        {
            for (var i = 0; i < aa.Count; i++)
                if (!JsonNode.DeepEquals(aa[i], ab[i])) return FirstDifference(aa[i], ab[i], $"{at}[{i}]");
        }
        return $"{at}: served {a?.ToJsonString() ?? "nothing"}, snapshot {b?.ToJsonString() ?? "nothing"}";
    }

    private static string SnapshotPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Conference.sln")))
                return Path.Combine(dir.FullName, "src", "Conference.Web", "openapi", "v1.json");
        throw new InvalidOperationException("Conference.sln not found above the test binaries.");
    }
}
