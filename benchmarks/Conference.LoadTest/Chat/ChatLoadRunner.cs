using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Conference.LoadTest.Chat;

public sealed record ChatLoadOptions(int Clients, int Senders, double MessagesPerSecondPerSender, TimeSpan Duration, string OutPath);

public sealed record ChatResult(string Target, long Sent, long Refused, long Delivered, long Expected, double DeliveriesPerSecond, double P50Ms, double P99Ms);

/// <summary>
/// One room, N connected clients, S senders pacing their messages; every client records the delay of every
/// delivery (the send time travels in the text, one clock for all since everything is in this process).
/// </summary>
public static class ChatLoadRunner
{
    public static async Task<ChatResult> Run(string target, IReadOnlyList<HubConnection> receivers, IReadOnlyList<Func<string, Task>> senders,
        ChatLoadOptions options, CancellationToken cancel)
    {
        var latencies = new List<double>[receivers.Count];
        long delivered = 0;
        for (var i = 0; i < receivers.Count; i++)
        {
            var mine = latencies[i] = new List<double>(100_000);
            receivers[i].On<JsonElement>("chatMessage", e =>
            {
                var text = e.GetProperty("message").GetProperty("text").GetString();
                if (text is null || !long.TryParse(text.AsSpan(0, text.IndexOf(' ')), out var sentTicks)) return;
                lock (mine) mine.Add(Stopwatch.GetElapsedTime(sentTicks).TotalMilliseconds);
                Interlocked.Increment(ref delivered);
            });
        }

        long sent = 0, refused = 0;
        var interval = TimeSpan.FromSeconds(1 / options.MessagesPerSecondPerSender);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(senders.Select(async (send, index) =>
        {
            var next = TimeSpan.FromMilliseconds(index * interval.TotalMilliseconds / senders.Count);
            while (clock.Elapsed < options.Duration && !cancel.IsCancellationRequested)
            {
                if (next > clock.Elapsed) await Task.Delay(next - clock.Elapsed, cancel);
                next += interval;
                try
                {
                    await send($"{Stopwatch.GetTimestamp()} message from sender {index}");
                    Interlocked.Increment(ref sent);
                }
                catch (HubException) { Interlocked.Increment(ref refused); }
            }
        }));
        var elapsed = clock.Elapsed;
        // Let the last messages arrive (bounded).
        var expected = sent * receivers.Count;
        var drain = Stopwatch.StartNew();
        while (Interlocked.Read(ref delivered) < expected && drain.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(50, cancel);
        var total = drain.Elapsed + elapsed;

        var all = latencies.SelectMany(l => { lock (l) return l.ToArray(); }).Order().ToArray();
        return new ChatResult(target, sent, refused, Interlocked.Read(ref delivered), expected,
            Interlocked.Read(ref delivered) / total.TotalSeconds, Percentile(all, 0.5), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    public static async Task<HubConnection> Connect(Uri url, string? token, CancellationToken cancel)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(url, o => { if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token); })
            .Build();
        await connection.StartAsync(cancel);
        return connection;
    }

    /// <summary>Prepares the real server: an admin, a project with the sender accounts as members, a room in it.</summary>
    public static async Task<(string AdminToken, string RoomId, string[] SenderTokens)> Arrange(Uri server, int senders, CancellationToken cancel)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        const string password = "chat-load-password-1";
        async Task<string> Login(string email)
        {
            using var login = await http.PostAsJsonAsync("/api/auth/login", new { email, password }, cancel);
            return (await login.Content.ReadFromJsonAsync<JsonObject>(cancel))!["accessToken"]!.GetValue<string>();
        }
        async Task<string> Post(string path, object body)
        {
            using var response = await http.PostAsJsonAsync(path, body, cancel);
            var json = await response.Content.ReadFromJsonAsync<JsonObject>(cancel);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {json}");
            return json!["id"]?.GetValue<string>() ?? json["userId"]!.GetValue<string>();
        }

        await Post("/api/auth/register", new { name = "Admin", email = "admin@chat.test", password });
        var admin = await Login("admin@chat.test");
        http.DefaultRequestHeaders.Authorization = new("Bearer", admin);
        var projectId = await Post("/api/projects", new { name = "chat-load" });
        var tokens = new string[senders];
        for (var i = 0; i < senders; i++)
        {
            var userId = await Post("/api/users", new { name = $"Sender {i}", email = $"sender{i}@chat.test", password });
            await Post($"/api/projects/{projectId}/members", new { userId });
            http.DefaultRequestHeaders.Authorization = null;
            tokens[i] = await Login($"sender{i}@chat.test");
            http.DefaultRequestHeaders.Authorization = new("Bearer", admin);
        }
        var roomId = await Post("/api/rooms", new { name = "chat-load", projectId });
        return (admin, roomId, tokens);
    }
}
