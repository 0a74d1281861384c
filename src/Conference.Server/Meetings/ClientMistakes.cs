using Microsoft.AspNetCore.SignalR;

namespace Conference.Server.Meetings;

/// <summary>A hub call refused because of what the client sent: the plain reason, sent as the call's error.</summary>
public sealed record ClientMistake(string Message);

/// <summary>
/// The outermost hub filter: a <see cref="HubException"/> (bad argument, not allowed, too fast) is the client's mistake,
/// logged as information and answered with its plain reason (<see cref="HubErrorProtocol"/> writes it as the call's
/// error). Any other exception is a server fault: SignalR logs it as an error and the client gets a generic message.
/// </summary>
public sealed class ClientMistakes(ILogger<ClientMistakes> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        catch (HubException ex)
        {
            logger.LogInformation("Hub call {Method} from connection {Connection} refused: {Reason}",
                context.HubMethodName, context.Context.ConnectionId, ex.Message);
            return new ClientMistake(ex.Message);
        }
    }
}
