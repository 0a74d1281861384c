using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conference.EndToEnd.Tests.Browser;

/// <summary>
/// A minimal web app on 127.0.0.1 at a free port, for pages Chromium loads in tests. 127.0.0.1 is a secure context
/// for Chromium, so getUserMedia and getDisplayMedia work over plain HTTP.
/// </summary>
public sealed class LoopbackWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackWebHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="map">Adds the routes (a favicon route is added, so pages log no 404).</param>
    public static async Task<LoopbackWebHost> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        map(app);
        app.MapGet("/favicon.ico", () => Results.NoContent());
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackWebHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
