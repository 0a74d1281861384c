using Conference.Grains.Observability;
using OpenTelemetry.Metrics;

namespace Conference.Server.Observability;

public static class Telemetry
{
    /// <summary>HTTP server metrics, the Orleans meters and our own counters, exported for Prometheus.</summary>
    public static WebApplicationBuilder AddConferenceTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter("Microsoft.Orleans")
            .AddMeter(ConferenceMetrics.MeterName)
            .AddMeter(Media.MediaEngineHost.MeterName)
            .AddMeter(Edge.EdgeMetrics.MeterName)
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>/metrics for Prometheus; anonymous unless Conference:Auth:AnonymousMetrics is false.</summary>
    public static WebApplication MapConferenceMetrics(this WebApplication app)
    {
        var endpoint = app.MapPrometheusScrapingEndpoint("/metrics");
        if (app.Services.GetRequiredService<Conference.Server.Auth.AuthOptions>().AnonymousMetrics) endpoint.AllowAnonymous();
        return app;
    }
}
