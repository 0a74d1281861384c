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
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        builder.Services.AddSingleton<IWebhookTransport, HttpWebhookTransport>();
        return builder;
    }
}
