using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Conference.SfuLoad.Signaling;

/// <summary>
/// Our server: REST for the account and the room (docs/api.md), the SignalR hub /hubs/conference for everything in
/// the call (docs/protocol.md). One admin account; every participant is its own hub connection (a user may be in a
/// room several times, each join is a new participant).
/// </summary>
public sealed class ConferenceSignaling(Uri server, string email, string password) : ISfuSignaling
{
    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
    private string? _token;

    public string Name => "conference";

    /// <summary>Registers the account (the first one on a fresh server is its admin) or, when it exists, logs in.</summary>
    public async Task PrepareAsync(CancellationToken cancel)
    {
        using (var registered = await _http.PostAsJsonAsync("/api/auth/register", new { name = "SFU load", email, password }, cancel))
        {
            if (registered.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.Forbidden))
                throw new InvalidOperationException($"POST /api/auth/register answered {(int)registered.StatusCode}: {await registered.Content.ReadAsStringAsync(cancel)}");
        }
        using var login = await _http.PostAsJsonAsync("/api/auth/login", new { email, password }, cancel);
        var body = await login.Content.ReadFromJsonAsync<JsonObject>(cancel);
        if (!login.IsSuccessStatusCode) throw new InvalidOperationException($"POST /api/auth/login answered {(int)login.StatusCode}: {body}");
        _token = body!["accessToken"]!.GetValue<string>();
        _http.DefaultRequestHeaders.Authorization = new("Bearer", _token);
    }

    public async Task<string> CreateRoomAsync(string name, CancellationToken cancel)
    {
        using var response = await _http.PostAsJsonAsync("/api/rooms", new { name }, cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancel);
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"POST /api/rooms answered {(int)response.StatusCode}: {body}");
        return body!["id"]!.GetValue<string>();
    }

    public async Task<ISfuParticipant> JoinAsync(string roomId, string displayName, CancellationToken cancel) =>
        await ConferenceParticipant.JoinAsync(new Uri(_http.BaseAddress!, "hubs/conference"),
            _token ?? throw new InvalidOperationException("PrepareAsync first."), roomId, cancel);

    /// <summary>Join → first forwarded packet per side, from the server's histogram (empty when /metrics is unreachable).</summary>
    public async Task<IReadOnlyList<string>> TimeToFirstForwardAsync(CancellationToken cancel)
    {
        try
        {
            string metrics = await _http.GetStringAsync("/metrics", cancel);
            return [.. Measure.FirstForwardQuantiles.Describe(metrics),
                .. Measure.FirstForwardQuantiles.DescribePhases(metrics).Select(line => $"phase {line}")];
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    /// <summary>The sum of <c>conference_sfu_forwarded_packets</c> in the Prometheus text at /metrics (all SFU silos behind it).</summary>
    public async Task<long?> ForwardedPacketsAsync(CancellationToken cancel)
    {
        string text;
        try
        {
            text = await _http.GetStringAsync("/metrics", cancel);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        double total = 0;
        bool found = false;
        foreach (string line in text.Split('\n'))
        {
            if (!line.StartsWith("conference_sfu_forwarded_packets", StringComparison.Ordinal)) continue;
            // name{labels} value [timestamp]
            string[] parts = line[(line.LastIndexOf('}') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && double.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out double value))
            {
                total += value;
                found = true;
            }
        }
        return found ? (long)total : null;
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
