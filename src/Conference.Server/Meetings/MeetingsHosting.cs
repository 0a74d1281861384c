using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conference.Server.Meetings;

public static class MeetingsHosting
{
    public const string HubPath = "/hubs/conference";

    public static WebApplicationBuilder AddConferenceMeetings(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ConferenceHubOptions.Section).Get<ConferenceHubOptions>() ?? new ConferenceHubOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<HubRateLimit>();
        builder.Services.AddSingleton<UserConnections>();
        builder.Services.AddSignalR(hub =>
            {
                hub.KeepAliveInterval = options.KeepAliveInterval;
                hub.ClientTimeoutInterval = options.ClientTimeout;
                hub.MaximumReceiveMessageSize = options.MaxMessageBytes;
                hub.AddFilter<ClientMistakes>();
                hub.AddFilter<UserConnections>();
                hub.AddFilter<HubRateLimit>();
            })
            .AddJsonProtocol(json => Api.JsonSetup.Apply(json.PayloadSerializerOptions));
        builder.Services.RemoveAll<IHubProtocol>();
        builder.Services.AddSingleton<IHubProtocol, HubErrorProtocol>();
        builder.Services.AddSingleton<ClientMistakes>();
        builder.Services.AddSingleton<RoomEventRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RoomEventRelay>());
        // Browsers cannot set headers on WebSocket requests: the hub also takes the token from ?access_token=.
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            var previous = jwt.Events?.OnMessageReceived;
            jwt.Events ??= new JwtBearerEvents();
            jwt.Events.OnMessageReceived = async context =>
            {
                if (previous is not null) await previous(context);
                if (context.Token is null && context.HttpContext.Request.Path.StartsWithSegments(HubPath)
                    && context.Request.Query.TryGetValue("access_token", out var token))
                    context.Token = token;
            };
        });
        return builder;
    }

    public static WebApplication MapConferenceMeetings(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<ConferenceHubOptions>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        var connections = app.Services.GetRequiredService<UserConnections>();
        app.UseWhen(http => http.Request.Path.StartsWithSegments(HubPath), hub => hub.Use(connections.RefuseWhenFull));
        app.MapConnections(HubPath, pipeline => pipeline.UseClientTimeout(options, time).UseHub<ConferenceHub>())
            .RequireAuthorization();
        return app;
    }
}
