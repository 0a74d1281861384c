using Conference.Server.Api;
using Conference.Server.Auth;
using Conference.Server.Edge;
using Conference.Server.Health;
using Conference.Server.Hosting;
using Conference.Server.LiveUpdates;
using Conference.Server.Media;
using Conference.Server.Meetings;
using Conference.Server.Observability;
using Conference.Server.Webhooks;
using Conference.Server.WebApp;

if (HealthProbeCommand.IsRequested(args)) Environment.Exit(await HealthProbeCommand.RunAsync(args));

var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultUrl();
builder.AddConferenceCluster();
builder.AddConferenceTelemetry();
builder.AddConferenceHealth();
builder.AddConferenceAuth();
builder.AddConferenceEdge();
builder.AddConferenceApi();
builder.AddConferenceMeetings();
builder.AddConferenceLiveUpdates();
builder.AddConferenceWebhooks();
builder.AddConferenceMedia();

var app = builder.Build();
app.UseConferenceErrors();
app.UseConferenceWebApp();
app.UseConferenceAuth();
app.UseConferenceEdge();
app.MapConferenceHealth();
app.MapConferenceMetrics();
if (app.Services.GetRequiredService<ConferenceOptions>().IsGateway)
{
    app.MapConferenceApi();
    app.MapConferenceMeetings();
}

app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
