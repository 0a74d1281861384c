using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conference.LoadTest;

/// <summary>
/// The yardstick: the same routes, JSON shapes and JSON options as Conference.Server, backed by a
/// ConcurrentDictionary instead of grains, with no validation, persistence or telemetry. Hosted in-process.
/// </summary>
public sealed class Baseline(WebApplication app, Uri baseAddress) : IAsyncDisposable
{
    public Uri BaseAddress { get; } = baseAddress;

    public static async Task<Baseline> Start()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning); // as the child server runs
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.ConfigureHttpJsonOptions(o => ApplyServerJson(o.SerializerOptions));

        var app = builder.Build();
        app.MapGroup("/api").MapBaselineRoutes(new BaselineStore());
        await app.StartAsync();
        var address = app.Urls.First(); // the port Kestrel picked for :0
        return new Baseline(app, new Uri(address));
    }

    /// <summary>Mirrors Conference.Server.Api.JsonSetup (copied, not referenced, so this process has no Orleans in it).</summary>
    private static void ApplyServerJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
