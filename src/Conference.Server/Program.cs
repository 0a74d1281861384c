using Conference.Server.Api;
using Conference.Server.Health;
using Conference.Server.Hosting;
using Conference.Server.Observability;

var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultUrl();
builder.AddConferenceCluster();
builder.AddConferenceTelemetry();
builder.AddConferenceHealth();
builder.AddConferenceApi();

var app = builder.Build();
app.UseConferenceErrors();
app.MapConferenceHealth();
app.MapPrometheusScrapingEndpoint("/metrics");
if (app.Services.GetRequiredService<ConferenceOptions>().IsGateway)
    app.MapConferenceApi();

app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
