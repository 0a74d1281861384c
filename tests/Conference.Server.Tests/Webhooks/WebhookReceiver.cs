using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Conference.Server.Tests.Webhooks;

/// <summary>What the receiver saw of one request, and what it answered.</summary>
public sealed record ReceivedDelivery(string Path, string? Event, string? DeliveryId, string? Signature, string? ContentType, byte[] Body, int Answered);

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel on a free port), as an integrator would run one. <c>answer</c> picks
/// the status code from the request and how many requests with its delivery id came before it (0 for the first).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly Func<ReceivedDelivery, int, int> _answer;

    private WebhookReceiver(WebApplication app, Func<ReceivedDelivery, int, int> answer)
    {
        _app = app;
        _answer = answer;
    }

    public Channel<ReceivedDelivery> Received { get; } = Channel.CreateUnbounded<ReceivedDelivery>();

    public string BaseUrl => _app.Urls.Single();

    public static async Task<WebhookReceiver> Start(Func<ReceivedDelivery, int, int>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, answer ?? ((_, _) => StatusCodes.Status204NoContent));
        app.Run(receiver.Handle);
        await app.StartAsync();
        return receiver;
    }

    private async Task Handle(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var request = new ReceivedDelivery(http.Request.Path, http.Request.Headers["X-Conference-Event"], http.Request.Headers["X-Conference-Delivery"],
            http.Request.Headers["X-Conference-Signature"], http.Request.ContentType, body.ToArray(), 0);
        int before;
        lock (_seen)
        {
            before = _seen.GetValueOrDefault(request.DeliveryId ?? "");
            _seen[request.DeliveryId ?? ""] = before + 1;
        }
        var status = _answer(request, before);
        if (status is >= 300 and < 400) http.Response.Headers.Location = "/elsewhere";
        http.Response.StatusCode = status;
        Received.Writer.TryWrite(request with { Answered = status });
    }

    public async Task<ReceivedDelivery> Next(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await Received.Reader.ReadAsync(cancel.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
