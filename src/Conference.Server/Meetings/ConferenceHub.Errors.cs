using Microsoft.AspNetCore.SignalR;

namespace Conference.Server.Meetings;

public sealed partial class ConferenceHub
{
    public const string InvalidArgumentsMethod = "$invalidArguments";

    /// <summary>
    /// Where <see cref="HubErrorProtocol"/> routes a call whose arguments did not bind: refuses it with the reason,
    /// so it is answered and logged like any other client mistake (<see cref="ClientMistakes"/>).
    /// </summary>
    [HubMethodName(InvalidArgumentsMethod)]
    public Task InvalidArguments(string method, string reason) => throw new HubException($"{method}: {reason}");
}
