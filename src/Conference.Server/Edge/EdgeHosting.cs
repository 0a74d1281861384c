using Microsoft.AspNetCore.SignalR;

namespace Conference.Server.Edge;

public static class EdgeHosting
{
    /// <summary>The edge's deadline on grain calls (REST and hub), 503 + Retry-After when the cluster does not answer, idempotency keys.</summary>
    public static WebApplicationBuilder AddConferenceEdge(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(EdgeOptions.Section).Get<EdgeOptions>() ?? new EdgeOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<EdgeMetrics>();
        builder.Services.AddSingleton<IOutgoingGrainCallFilter, EdgeDeadlineFilter>();
        builder.Services.AddExceptionHandler<ClusterUnavailableHandler>();
        builder.Services.Configure<HubOptions>(hub => hub.AddFilter<HubDeadline>());
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", openApi => openApi.AddOperationTransformer(EdgeOpenApi.Describe));
        return builder;
    }

    /// <summary>After authentication (the idempotency scope is the caller): REST requests under /api get the deadline.</summary>
    public static WebApplication UseConferenceEdge(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<EdgeOptions>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        app.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/api"))
            {
                await next(http);
                return;
            }
            using var deadline = EdgeDeadline.Start(options.CallTimeout, time);
            await next(http);
        });
        app.UseMiddleware<IdempotencyMiddleware>();
        return app;
    }
}
