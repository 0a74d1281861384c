namespace Conference.Server.Health;

/// <summary>
/// `Conference.Server healthcheck`: the container HEALTHCHECK (the runtime image has no curl). Asks this machine's
/// own server for /healthz on the first address of --urls / ASPNETCORE_URLS and exits 0 (healthy) or 1.
/// </summary>
public static class HealthProbeCommand
{
    public const string Verb = "healthcheck";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Verb;

    public static async Task<int> RunAsync(string[] args)
    {
        var url = ProbeUrl(args);
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(4) };
            using var response = await client.GetAsync(url);
            Console.WriteLine($"{url}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"{url}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The first configured listening URL with a wildcard host turned into loopback, plus /healthz.</summary>
    public static Uri ProbeUrl(string[] args)
    {
        var urls = ArgumentValue(args, "--urls") ?? Environment.GetEnvironmentVariable("ASPNETCORE_URLS")
            ?? Conference.Server.Hosting.ServerDefaults.DefaultUrl;
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var loopback = first.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1")
            .Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1");
        return new Uri(new Uri(loopback.TrimEnd('/') + "/"), "healthz");
    }

    private static string? ArgumentValue(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length) return args[i + 1];
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal)) return args[i][(name.Length + 1)..];
        }
        return null;
    }
}
