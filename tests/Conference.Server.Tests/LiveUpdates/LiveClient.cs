using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Server.Tests.LiveUpdates;

/// <summary>A SignalR client of /hubs/conference that records every project and notification event it receives.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    public static readonly string[] EventNames = ["taskCreated", "taskUpdated", "taskDeleted", "commentCreated", "milestoneUpdated", "notification", "projectUnwatched"];

    private readonly Channel<(string Name, JsonElement Payload)> _events = Channel.CreateUnbounded<(string, JsonElement)>();

    private LiveClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// <summary>Connects with <paramref name="handler"/> (an in-process test server, over long polling) or over the network.</summary>
    public static async Task<LiveClient> Connect(Uri hub, string token, Func<HttpMessageHandler>? handler = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                if (handler is null) return;
                options.HttpMessageHandlerFactory = _ => handler();
                options.Transports = HttpTransportType.LongPolling;
            })
            .AddJsonProtocol(json => Conference.Server.Api.JsonSetup.Apply(json.PayloadSerializerOptions))
            .Build();
        var client = new LiveClient(connection);
        foreach (var name in EventNames)
            connection.On<JsonElement>(name, payload => client._events.Writer.TryWrite((name, payload)));
        await connection.StartAsync();
        return client;
    }

    // Events read while waiting for another one: kept for a later Next (events of different feeds, e.g. a project
    // event and the assignee's notification, arrive in either order).
    private readonly List<(string Name, JsonElement Payload)> _skipped = [];

    /// <summary>
    /// The next event called <paramref name="name"/> that matches (also one received while an earlier call waited for
    /// something else); fails after <paramref name="wait"/>.
    /// </summary>
    public async Task<JsonElement> Next(string name, Func<JsonElement, bool> match, TimeSpan wait)
    {
        var earlier = _skipped.FindIndex(e => e.Name == name && match(e.Payload));
        if (earlier >= 0)
        {
            var found = _skipped[earlier].Payload;
            _skipped.RemoveAt(earlier);
            return found;
        }
        using var timeout = new CancellationTokenSource(wait);
        while (true)
        {
            var (received, payload) = await _events.Reader.ReadAsync(timeout.Token);
            if (received == name && match(payload)) return payload;
            _skipped.Add((received, payload));
        }
    }

    /// <summary>Everything received and not yet read, without waiting.</summary>
    public List<(string Name, JsonElement Payload)> Drain()
    {
        var rest = new List<(string, JsonElement)>(_skipped);
        _skipped.Clear();
        while (_events.Reader.TryRead(out var e)) rest.Add(e);
        return rest;
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

public static class LivePayloads
{
    /// <summary>The id of the resource a project event carries ("data").</summary>
    public static string DataId(this JsonElement projectEvent) => projectEvent.GetProperty("data").GetProperty("id").GetString()!;

    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
