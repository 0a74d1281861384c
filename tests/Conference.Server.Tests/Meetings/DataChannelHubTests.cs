using System.Threading.Channels;
using Conference.Media.Peer;
using Conference.Media.Sctp;
using Conference.Rooms;
using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Conference.Server.Tests.Meetings;

/// <summary>
/// Data channels on a real publisher connection through the hub and the SFU's relay: a channel naming a participant
/// who is not in the room is closed by the SFU and its sender, only, gets <c>dataError</c>.
/// </summary>
public sealed class DataChannelHubTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private Task<HubConnection> Connect(Func<Task<string?>> token, Channel<RoomEvent> dataErrors) =>
        factory.ConnectHub(token, connection => connection.On<RoomEvent>(RoomEventTypes.DataError, e => dataErrors.Writer.TryWrite(e)));

    [Fact]
    public async Task A_channel_to_an_unknown_participant_is_closed_and_only_its_sender_gets_dataError()
    {
        var admin = factory.CreateAdminClient();
        var projectId = (await admin.Create("/api/projects", """{"name":"Data channels"}""")).Id();
        var (otherId, otherToken) = await factory.CreateUser("member");
        await admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{otherId}}"}""");
        var roomId = (await admin.Create("/api/rooms", $$"""{"name":"Data","projectId":"{{projectId}}"}""")).Id();
        var senderErrors = Channel.CreateUnbounded<RoomEvent>();
        var otherErrors = Channel.CreateUnbounded<RoomEvent>();
        await using var sender = await Connect(async () => await factory.AdminToken(), senderErrors);
        await using var other = await Connect(() => Task.FromResult<string?>(otherToken), otherErrors);
        var joined = await sender.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId);
        await other.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId);

        await using var client = WebRtcClientPeer.Create();
        string offer = client.CreateOffer(new ClientOfferOptions { DataChannel = true }.WithAudio(0x3333));
        client.SetAnswer(await sender.InvokeAsync<string>("PublishOffer", offer));
        await client.Connected.WaitAsync(Wait);
        DataChannel channel = client.CreateDataChannel("reliable/nobody");
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Closed += () => closed.TrySetResult();

        var error = await senderErrors.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        await closed.Task.WaitAsync(Wait);

        Assert.Equal((roomId, RoomEventTypes.DataError, joined.ParticipantId), (error.RoomId, error.Type, error.ParticipantId));
        Assert.Contains("'nobody', who is not in this room", error.Error);
        Assert.False(otherErrors.Reader.TryRead(out _));
        await sender.InvokeAsync("Leave");
    }
}
