using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Conference.Server.Tests.Cluster;

/// <summary>
/// Two hub connections in one room that leave and join again at the same moment, round after round; after each round
/// each says it is typing and must get the other's `typing` from its new participant id (issue 13's proof 6).
/// </summary>
public sealed class RoomChurn(string roomId, Func<HubConnection> connect) : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly HubConnection[] _hubs = [connect(), connect()];
    private readonly Channel<string>[] _typing = [Channel.CreateUnbounded<string>(), Channel.CreateUnbounded<string>()];

    public async Task Start()
    {
        for (var i = 0; i < 2; i++)
        {
            var typing = _typing[i];
            _hubs[i].On<JsonElement>("typing", e => typing.Writer.TryWrite(e.GetProperty("participantId").GetString()!));
            await _hubs[i].StartAsync();
            await _hubs[i].InvokeAsync<JsonElement>("Join", roomId);
        }
    }

    /// <summary>Rounds while <paramref name="more"/>; what went wrong goes to <paramref name="failures"/>. Returns the rounds run.</summary>
    public async Task<int> Run(Func<bool> more, ConcurrentBag<string> failures)
    {
        var rounds = 0;
        while (more())
        {
            try
            {
                var ids = await Task.WhenAll(_hubs.Select(async hub =>
                {
                    await hub.InvokeAsync("Leave");
                    return (await hub.InvokeAsync<JsonElement>("Join", roomId)).GetProperty("participantId").GetString()!;
                }));
                for (var i = 0; i < 2; i++)
                {
                    await _hubs[i].InvokeAsync("Typing");
                    if (!await Got(_typing[1 - i], ids[i])) failures.Add($"churn round {rounds}: no typing from {ids[i]} within {Wait.TotalSeconds} s");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"churn round {rounds}: {ex.Message}");
            }
            rounds++;
            await Task.Delay(200); // under the hub's per-connection rate limit
        }
        return rounds;
    }

    private static async Task<bool> Got(Channel<string> events, string from)
    {
        using var timeout = new CancellationTokenSource(Wait);
        try
        {
            while (await events.Reader.ReadAsync(timeout.Token) != from) { }
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hub in _hubs) await hub.DisposeAsync();
    }
}
