using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Server.Tests.Meetings;

/// <summary>
/// The hub against clients an outside tester wrote (issue 12, items 1, 3, 10–13), on a real socket with a short
/// client timeout and a small per-user connection limit.
/// </summary>
public sealed class HubRobustnessTests(HubRobustnessTests.Server server) : IClassFixture<HubRobustnessTests.Server>
{
    public const int Limit = 3;

    public sealed class Server : IAsyncLifetime
    {
        public ApiFactory Factory { get; private set; } = null!;

        public Task InitializeAsync()
        {
            Factory = ApiFactory.OnKestrel(new Dictionary<string, string>
            {
                ["Conference:Hub:ClientTimeout"] = "00:00:03",
                ["Conference:Hub:KeepAliveInterval"] = "00:00:01",
                ["Conference:Hub:MaxConnectionsPerUser"] = Limit.ToString(),
            });
            return Task.CompletedTask;
        }

        public Task DisposeAsync() => Factory.DisposeAsync().AsTask();
    }

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly ApiFactory _factory = server.Factory;

    private async Task<HubConnection> Connect(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.HttpAddress!, "hubs/conference"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(json => Conference.Server.Api.JsonSetup.Apply(json.PayloadSerializerOptions))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private async Task<(string RoomId, string ProjectId)> Room()
    {
        var admin = _factory.CreateAdminClient();
        var projectId = (await admin.Create("/api/projects", """{"name":"Hub"}""")).Id();
        var roomId = (await admin.Create("/api/rooms", $$"""{"name":"Sync","projectId":"{{projectId}}"}""")).Id();
        return (roomId, projectId);
    }

    /// <summary>A raw WebSocket client: completes the SignalR handshake, optionally sends one invocation, then says nothing.</summary>
    private async Task<ClientWebSocket> SilentClient(string token, string? invocation = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var address = new UriBuilder(_factory.HttpAddress!) { Scheme = "ws", Path = "hubs/conference", Query = $"access_token={token}" }.Uri;
        await socket.ConnectAsync(address, CancellationToken.None);
        await Send(socket, """{"protocol":"json","version":1}""");
        if (invocation is not null) await Send(socket, invocation);
        return socket;
    }

    private static Task Send(ClientWebSocket socket, string message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message + "\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Reads (and ignores) whatever the server sends until it closes the socket; false if it never does.</summary>
    private static async Task<bool> ClosedByServer(ClientWebSocket socket, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, timeout.Token);
                if (received.MessageType == WebSocketMessageType.Close) return true;
            }
        }
        catch (OperationCanceledException) { return false; }
        catch (WebSocketException) { return true; }
    }

    [Fact]
    public async Task A_client_that_never_pings_is_dropped_after_the_client_timeout()
    {
        var socket = await SilentClient(await _factory.AdminToken());

        Assert.True(await ClosedByServer(socket, Wait));
    }

    [Fact]
    public async Task A_participant_that_goes_silent_after_joining_is_shown_disconnected()
    {
        var (roomId, _) = await Room();
        var socket = await SilentClient(await _factory.AdminToken(), $$"""{"type":1,"invocationId":"1","target":"Join","arguments":["{{roomId}}"]}""");

        Assert.True(await ClosedByServer(socket, Wait));
        var participants = await (await _factory.CreateAdminClient().GetAsync($"/api/rooms/{roomId}/participants")).Content.ReadAsStringAsync();
        var list = JsonNode.Parse(participants)!;
        var items = (list as JsonArray ?? list["items"]!.AsArray());
        Assert.NotEmpty(items);
        Assert.All(items, p => Assert.False(p!["connected"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Connections_beyond_the_per_user_limit_are_refused_with_a_clear_error()
    {
        var (userId, token) = await _factory.CreateUser("member");
        var open = new List<HubConnection>();
        for (var i = 0; i < Limit; i++) open.Add(await Connect(token));

        var extra = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.HttpAddress!, "hubs/conference"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var closed = new TaskCompletionSource<Exception?>();
        extra.Closed += error => { closed.TrySetResult(error); return Task.CompletedTask; };
        try { await extra.StartAsync(); }
        catch (Exception error) { closed.TrySetResult(error); }
        var refused = await closed.Task.WaitAsync(Wait);
        // What a plain HTTP client sees: 429 problem+json with the reason, before any handshake.
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/conference/negotiate?negotiateVersion=1");
        negotiate.Headers.Authorization = new("Bearer", token);
        using var http = new HttpClient { BaseAddress = _factory.HttpAddress };
        using var answer = await http.SendAsync(negotiate);
        var problem = await answer.Content.ReadAsStringAsync();
        await open[0].DisposeAsync();
        // The server frees the slot when it has seen the close, which reaches it after DisposeAsync returned.
        var connections = _factory.Services.GetRequiredService<Conference.Server.Meetings.UserConnections>();
        using (var freed = new CancellationTokenSource(Wait))
            while (connections.CountFor(userId) >= Limit) await Task.Delay(20, freed.Token);
        await using var again = await Connect(token);           // a slot freed is usable again
        await again.InvokeAsync("SetPresence", "online");

        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, Assert.IsType<HttpRequestException>(refused).StatusCode);
        Assert.Equal(429, (int)answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many connections for this account (at most", problem);
        foreach (var connection in open.Skip(1)) await connection.DisposeAsync();
    }

    [Fact]
    public async Task Client_mistakes_get_the_plain_reason_naming_the_argument_and_are_not_logged_as_errors()
    {
        var (roomId, _) = await Room();
        await using var hub = await Connect(await _factory.AdminToken());
        await hub.InvokeAsync<JsonObject>("Join", roomId);

        var badEnum = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<JsonObject>("PublishTrack", JsonNode.Parse("""{"kind":"hologram","source":"camera"}""")));
        var invalid = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<JsonObject>("SendMessage", JsonNode.Parse("""{"text":""}""")));
        var unknownTrack = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonObject>("SetMuted", "nope", true));

        Assert.Equal("PublishTrack: 'kind' has the wrong type or an unknown value.", badEnum.Message);
        Assert.DoesNotContain("An unexpected error", badEnum.Message);
        Assert.Contains("text", invalid.Message);
        Assert.DoesNotContain("An unexpected error", invalid.Message);
        Assert.DoesNotContain("HubException", unknownTrack.Message);
        Assert.DoesNotContain("HubException", invalid.Message);
        Assert.Empty(_factory.Logs.Errors.Where(e => e.Category.Contains("SignalR") || e.Category.Contains("Meetings"))
            .Select(e => $"{e.Category}: {e.Message}"));
    }

    [Fact]
    public async Task Guests_read_the_chat_but_cannot_post_in_it()
    {
        var (roomId, projectId) = await Room();
        var (guestId, guestToken) = await _factory.CreateUser("guest");
        await _factory.CreateAdminClient().Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{guestId}}"}""");
        await using var guest = await Connect(guestToken);
        await guest.InvokeAsync<JsonObject>("Join", roomId);

        var refused = await Assert.ThrowsAsync<HubException>(() => guest.InvokeAsync<JsonObject>("SendMessage", JsonNode.Parse("""{"text":"hi"}""")));
        var history = await _factory.CreateDefaultClient(new BearerTokenHandler(() => Task.FromResult(guestToken))).GetAsync($"/api/rooms/{roomId}/messages");

        Assert.Equal("Guests have read-only access: they can read the chat but not post in it.", refused.Message);
        Assert.Equal(System.Net.HttpStatusCode.OK, history.StatusCode);
    }

    [Fact]
    public async Task An_account_change_closes_its_open_hub_connections_and_a_deleted_account_cannot_reconnect()
    {
        var (userId, token) = await _factory.CreateUser("member");
        await using var hub = await Connect(token);
        var closed = new TaskCompletionSource();
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        await _factory.CreateAdminClient().Delete($"/api/users/{userId}");

        await closed.Task.WaitAsync(Wait);
        await Assert.ThrowsAnyAsync<Exception>(() => Connect(token));
    }
}
