using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Conference.Server.Meetings;

/// <summary>
/// The hub's JSON protocol, with client mistakes said plainly: a call whose arguments do not bind (wrong type, unknown
/// enum value) is routed to <see cref="ConferenceHub.InvalidArguments"/> with a reason naming the argument or field,
/// and a <see cref="ClientMistake"/> result is written as the call's error text, without SignalR's wrapping
/// ("An unexpected error occurred invoking …").
/// </summary>
public sealed class HubErrorProtocol(IOptions<JsonHubProtocolOptions> options) : IHubProtocol
{
    private readonly JsonHubProtocol _json = new(options);

    public string Name => _json.Name;
    public int Version => _json.Version;
    public TransferFormat TransferFormat => _json.TransferFormat;

    public bool IsVersionSupported(int version) => _json.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, out HubMessage? message)
    {
        if (!_json.TryParseMessage(ref input, binder, out message)) return false;
        if (message is InvocationBindingFailureMessage failure)
            message = new InvocationMessage(failure.InvocationId, ConferenceHub.InvalidArgumentsMethod,
                [failure.Target, Describe(failure.Target, binder, failure.BindingFailure.SourceException)]);
        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _json.WriteMessage(Plain(message), output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _json.GetMessageBytes(Plain(message));

    private static HubMessage Plain(HubMessage message) => message switch
    {
        CompletionMessage { Result: ClientMistake mistake, InvocationId: { } id } => CompletionMessage.WithError(id, mistake.Message),
        // SignalR closes a connection refused by a filter with "Connection closed with an error. HubException: <reason>".
        CloseMessage { Error: { } error, AllowReconnect: var reconnect } when error.StartsWith(ClosedWithHubException, StringComparison.Ordinal) =>
            new CloseMessage(error[ClosedWithHubException.Length..], reconnect),
        _ => message,
    };

    private const string ClosedWithHubException = "Connection closed with an error. HubException: ";

    /// <summary>The reason a call's arguments did not bind, naming the field (JSON path) or the method's arguments.</summary>
    private static string Describe(string target, IInvocationBinder binder, Exception exception)
    {
        var json = exception as JsonException ?? exception.InnerException as JsonException;
        if (json?.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal))
            return $"'{path[2..]}' has the wrong type or an unknown value.";
        IReadOnlyList<Type> types;
        try { types = binder.GetParameterTypes(target); }
        catch (Exception) { return $"'{target}' is not a method of this hub."; }
        var expected = string.Join(", ", types.Select(t => Nullable.GetUnderlyingType(t)?.Name ?? t.Name));
        return $"The arguments of '{target}' do not match ({expected}): {FirstLine(exception.Message)}";
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
