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
/// A tiny HTTP server on 127.0.0.1 (a free port) for the browser tests: GET / serves a test page from the
/// Browser folder, POST /offer hands the page's SDP offer to the test and returns the test's answer as text,
/// POST /candidate hands over one trickled candidate.
/// 127.0.0.1 is a secure context for Chromium, so getUserMedia works over plain HTTP.
/// </summary>
public sealed class TestPageHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestPageHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="pageFile">A file in the Browser folder of the test output (copied there by the csproj).</param>
    /// <param name="answerOffer">Turns an offer into an answer; an exception becomes a 400 with its message.</param>
    /// <param name="addCandidate">Takes one trickled candidate line (POST /candidate); an exception becomes a 400.</param>
    public static async Task<TestPageHost> StartAsync(string pageFile, Func<string, string> answerOffer, Action<string>? addCandidate = null)
    {
        string page = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Browser", pageFile));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
        app.MapGet("/favicon.ico", () => Results.NoContent());
        app.MapPost("/offer", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            string offer = await reader.ReadToEndAsync();
            try
            {
                return Results.Text(answerOffer(offer), "application/sdp");
            }
            catch (Exception e)
            {
                return Results.Text(e.Message, "text/plain", statusCode: StatusCodes.Status400BadRequest);
            }
        });
        app.MapPost("/candidate", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            string candidate = await reader.ReadToEndAsync();
            try
            {
                (addCandidate ?? throw new InvalidOperationException("this test takes no trickled candidates"))(candidate);
                return Results.NoContent();
            }
            catch (Exception e)
            {
                return Results.Text(e.Message, "text/plain", statusCode: StatusCodes.Status400BadRequest);
            }
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestPageHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
