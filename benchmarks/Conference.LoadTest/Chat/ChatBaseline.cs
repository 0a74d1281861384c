using Microsoft.AspNetCore.SignalR;

namespace Conference.LoadTest.Chat;

/// <summary>The chat yardstick: a plain ASP.NET Core SignalR hub broadcasting to a group, no Orleans, no storage.</summary>
public sealed class BaselineChatHub : Hub
{
    private static long _sequence;

    public Task Join(string roomId) => Groups.AddToGroupAsync(Context.ConnectionId, roomId);

    public Task SendMessage(string roomId, string text) =>
        Clients.Group(roomId).SendAsync("chatMessage", new { roomId, message = new { sequence = Interlocked.Increment(ref _sequence), text } });
}

public sealed class ChatBaseline(WebApplication app, Uri baseAddress) : IAsyncDisposable
{
    public Uri HubUrl { get; } = new(baseAddress, "hubs/chat");

    public static async Task<ChatBaseline> Start()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSignalR();
        var app = builder.Build();
        app.MapHub<BaselineChatHub>("/hubs/chat");
        await app.StartAsync();
        return new ChatBaseline(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
