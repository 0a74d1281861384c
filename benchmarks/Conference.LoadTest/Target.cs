using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Conference.LoadTest;

/// <summary>A REST endpoint to load: a grain-backed server or the baseline; <paramref name="ReadsOnly"/> skips the write scenario.</summary>
public sealed record Target(string Name, Uri BaseAddress, bool ReadsOnly = false)
{
    public bool Authenticates => Name != TargetNames.Baseline;
}

/// <summary>A target with its client and the project and tasks seeded into it.</summary>
public sealed class SeededTarget(Target target, HttpClient client, string projectId, string[] taskIds) : IDisposable
{
    public Target Target { get; } = target;
    public HttpClient Client { get; } = client;
    public string ProjectId { get; } = projectId;
    public string[] TaskIds { get; } = taskIds;

    /// <summary>One pooled client per target, a connection per worker (plus spare) so workers never queue for one.</summary>
    public static async Task<SeededTarget> Seed(Target target, int concurrency, int tasks, CancellationToken cancel)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency + 8,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(handler) { BaseAddress = target.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            if (target.Authenticates) await Authenticate(client, cancel);
            var projectId = await PostForId(client, "/api/projects", new { name = "load-test" }, cancel);
            var taskIds = new string[tasks];
            await Parallel.ForAsync(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancel }, async (i, ct) =>
                taskIds[i] = await PostForId(client, $"/api/projects/{projectId}/tasks", new { name = $"seed-{i}", priority = "high" }, ct));
            return new SeededTarget(target, client, projectId, taskIds);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The server requires a token: the first account registered on a fresh data folder is its admin.</summary>
    private static async Task Authenticate(HttpClient client, CancellationToken cancel)
    {
        var account = new { name = "Load", email = "load@example.com", password = "load-test-password-1" };
        using (var registered = await client.PostAsJsonAsync("/api/auth/register", account, cancel))
            if (registered.StatusCode != HttpStatusCode.Created)
                throw new InvalidOperationException($"register answered {(int)registered.StatusCode}");
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { account.email, account.password }, cancel);
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync(cancel)).RootElement.GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
    }

    private static async Task<string> PostForId(HttpClient client, string path, object body, CancellationToken cancel)
    {
        using var response = await client.PostAsJsonAsync(path, body, cancel);
        var text = await response.Content.ReadAsStringAsync(cancel);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    public void Dispose() => Client.Dispose();
}

public static class TargetNames
{
    public const string GrainBacked = "grain-backed";
    public const string Baseline = "baseline";
    /// <summary>The same server with <c>Auth:AccountRecheck</c> zero: every request reads the caller's account from its grain.</summary>
    public const string AccountPerRequest = "grain-backed, account read per request";
}
