using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Server.Tests.Support;

/// <summary>SignalR clients of the test server's conference hub (long polling through the in-memory handler).</summary>
public static class HubClients
{
    /// <summary>A started connection to /hubs/conference; <paramref name="configure"/> registers handlers before it starts.</summary>
    public static async Task<HubConnection> ConnectHub(this ApiFactory factory, Func<Task<string?>> token, Action<HubConnection>? configure = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, "hubs/conference"), options =>
            {
                options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
                options.AccessTokenProvider = token;
            })
            .AddJsonProtocol(json => Conference.Server.Api.JsonSetup.Apply(json.PayloadSerializerOptions))
            .Build();
        configure?.Invoke(connection);
        await connection.StartAsync();
        return connection;
    }
}
