using System.Net;
using System.Net.Sockets;
using Conference.Grains.Webhooks;
using Microsoft.Extensions.Options;

namespace Conference.Server.Webhooks;

public static class WebhooksHosting
{
    /// <summary>What webhook deliveries need wherever grains run: options ("Conference:Webhooks") and the HTTP client.</summary>
    public static WebApplicationBuilder AddConferenceWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection(WebhookOptions.Section));
        builder.Services.AddHttpClient(HttpWebhookTransport.ClientName, (sp, client) =>
                client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = (context, cancellationToken) =>
                    Connect(context, sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateNetworks, cancellationToken),
            });
        builder.Services.AddSingleton<IWebhookTransport, HttpWebhookTransport>();
        return builder;
    }

    /// <summary>Connects to the first reachable address of the host that webhooks may use.</summary>
    private static async ValueTask<Stream> Connect(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var usable = allowPrivate ? addresses : addresses.Where(PublicAddresses.IsPublic).ToArray();
        if (usable.Length == 0) throw new WebhookAddressRefusedException(host);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
