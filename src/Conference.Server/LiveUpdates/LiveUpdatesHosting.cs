using Microsoft.AspNetCore.SignalR;

namespace Conference.Server.LiveUpdates;

public static class LiveUpdatesHosting
{
    /// <summary>Project and notification events on the conference hub (docs/protocol.md, "Project live updates").</summary>
    public static WebApplicationBuilder AddConferenceLiveUpdates(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<LiveUpdatesOptions>(builder.Configuration.GetSection(LiveUpdatesOptions.Section));
        builder.Services.AddSingleton<LiveEventRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveEventRelay>());
        builder.Services.AddSingleton<LiveConnections>();
        builder.Services.Configure<HubOptions>(hub => hub.AddFilter<LiveConnections>());
        return builder;
    }
}
