using Conference.Chat;
using Conference.Media;
using Conference.Presence;
using Conference.Rooms;
using Conference.Server.Auth;
using Conference.Server.Rtc;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Conference.Server.Meetings;

public sealed record JoinResponse(string ParticipantId, Room Room, IReadOnlyList<Participant> Participants, IceServersResponse IceServers,
    MediaRouterResponse? Router = null, Conference.Recordings.Recording? Recording = null);

/// <summary>Where the room's media goes: the SFU silo its router runs on and that silo's media address (null without an SFU).</summary>
public sealed record MediaRouterResponse(string Silo, string MediaEndPoint);

/// <summary>
/// Signaling for meetings (protocol: docs/protocol.md). Thin: it checks access through <see cref="RoomPolicy"/>,
/// calls the room grain, and keeps the connection's room and participant id. Errors are HubExceptions with a
/// message a client can show.
/// </summary>
[Authorize]
public sealed partial class ConferenceHub(IGrainFactory grains, RoomPolicy policy, RoomInvites invites, RoomEventRelay relay, RtcOptions rtc, TimeProvider time) : Hub
{
    private const string RoomKey = "room", ParticipantKey = "participant";
    private static readonly TimeSpan DescribeTimeout = TimeSpan.FromSeconds(3);

    public Task<JoinResponse> Join(string roomId) => JoinWithInvite(roomId, null);

    /// <summary>Joins with an invite link's token: anyone signed in who holds a valid one may enter that room's call.</summary>
    public async Task<JoinResponse> JoinWithInvite(string roomId, string? inviteToken)
    {
        var caller = await Admit(roomId, inviteToken);
        var room = grains.GetGrain<IRoomGrain>(roomId);
        var current = (await room.Get()).Value!;
        var role = current.CreatedBy == caller.UserId || caller.IsAdmin ? RoomRole.Host : RoomRole.Participant;
        var name = Context.User!.FindFirst("name")?.Value ?? caller.UserId;
        return await Enter(roomId, caller, () => room.Join(caller.UserId, name, role));
    }

    /// <summary>Reattaches a participant whose previous connection dropped, within the grace period; tracks are kept.</summary>
    public async Task<JoinResponse> Resume(string roomId, string participantId)
    {
        var caller = await Admit(roomId, inviteToken: null);
        var response = await Enter(roomId, caller, () => grains.GetGrain<IRoomGrain>(roomId).Resume(participantId ?? "", caller.UserId));
        // The media connections outlived the signaling one; a subscriber offer sent meanwhile is sent again.
        try { await (await grains.CurrentRouter(roomId)).Resumed(response.ParticipantId); }
        catch (OrleansException) { }
        return response;
    }

    /// <summary>The checks before entering a room: one room per connection, and the caller may see it (or holds an invite).</summary>
    private async Task<Caller> Admit(string? roomId, string? inviteToken)
    {
        if (Context.Items.ContainsKey(ParticipantKey)) throw new HubException("This connection is already in a room; call Leave first.");
        var caller = Caller.From(Context.User!);
        if (!invites.IsValidFor(inviteToken, roomId ?? "") && await policy.CanRead(caller, roomId ?? "") is not null)
            throw new HubException($"Room '{roomId}' was not found.");
        return caller;
    }

    /// <summary>Subscribes this gateway to the room's events before entering, so no event between the two is missed.</summary>
    private async Task<JoinResponse> Enter(string roomId, Caller caller, Func<Task<Conference.Common.Result<JoinedRoom>>> enter)
    {
        await relay.Enter(roomId);
        await Groups.AddToGroupAsync(Context.ConnectionId, RoomEventRelay.Group(roomId));
        var entered = await enter();
        if (entered.Error is { } error)
        {
            await LeaveGroup(roomId);
            throw new HubException(error.Message);
        }
        Context.Items[RoomKey] = roomId;
        Context.Items[ParticipantKey] = entered.Value!.ParticipantId;
        relay.Attach(entered.Value.ParticipantId, Context.ConnectionId);
        await Presence(caller).EnteredRoom(Context.ConnectionId, roomId);
        return Response(entered.Value, caller) with { Router = await DescribeRouter(roomId), Recording = await ActiveRecording(roomId) };
    }

    public async Task Leave()
    {
        var (roomId, participantId) = Membership();
        Context.Items.Remove(RoomKey);
        Context.Items.Remove(ParticipantKey);
        relay.Detach(participantId, Context.ConnectionId);
        await grains.GetGrain<IRoomGrain>(roomId).Leave(participantId);
        await CloseMedia(roomId, participantId);
        await Presence(Caller.From(Context.User!)).LeftRoom(Context.ConnectionId);
        await LeaveGroup(roomId);
    }

    /// <summary>
    /// The publisher connection: the client offers its tracks (unified plan, BUNDLE, DTLS fingerprint) and gets
    /// the SFU's answer (ICE-lite, one host candidate on the SFU silo's media port).
    /// </summary>
    public async Task<string> PublishOffer(string sdp)
    {
        var (roomId, participantId) = Membership();
        return Unwrap(await Router(roomId, router => router.Publish(participantId, sdp ?? ""))).Sdp;
    }

    /// <summary>
    /// The subscriber connection: the server offers the other participants' tracks (and later re-offers through
    /// the `subscriberOffer` event as they come and go); the client answers each with <see cref="SubscriberAnswer"/>.
    /// </summary>
    public async Task<MediaOffer> Subscribe()
    {
        var (roomId, participantId) = Membership();
        return Unwrap(await Router(roomId, router => router.Subscribe(participantId)));
    }

    public async Task SubscriberAnswer(int revision, string sdp)
    {
        var (roomId, participantId) = Membership();
        Unwrap(await Router(roomId, router => router.SubscriberAnswer(participantId, revision, sdp ?? "")));
    }

    /// <summary>A trickled candidate for the subscriber connection ("candidate:…").</summary>
    public async Task SubscriberCandidate(string candidate)
    {
        var (roomId, participantId) = Membership();
        Unwrap(await Router(roomId, router => router.AddSubscriberCandidate(participantId, candidate ?? "")));
    }

    private async Task<T> Router<T>(string roomId, Func<IMediaRouterGrain, Task<T>> call)
    {
        try
        {
            return await call(await grains.CurrentRouter(roomId));
        }
        catch (OrleansException)
        {
            // No silo with the sfu role is up (placement found no candidate): say so instead of a generic error.
            throw new HubException("No media server (SFU) is available; try again shortly.");
        }
    }

    // Best effort: the participant's media connections go with it; a cluster without an SFU silo has none.
    private async Task CloseMedia(string roomId, string participantId)
    {
        try { await (await grains.CurrentRouter(roomId)).Close(participantId); }
        catch (OrleansException) { }
    }

    /// <summary>A trickled candidate for the publisher connection ("candidate:…").</summary>
    public async Task PublisherCandidate(string candidate)
    {
        var (roomId, participantId) = Membership();
        Unwrap(await Router(roomId, router => router.AddPublisherCandidate(participantId, candidate ?? "")));
    }

    /// <summary>`away` or `online`: what this connection's user wants others to see (in a call overrides both).</summary>
    public async Task SetPresence(string status)
    {
        if (status is not ("away" or "online")) throw new HubException("Presence must be 'away' or 'online'.");
        await Presence(Caller.From(Context.User!)).SetAway(Context.ConnectionId, status == "away");
    }

    public override async Task OnConnectedAsync()
    {
        await Presence(Caller.From(Context.User!)).Connected(Context.ConnectionId);
        await base.OnConnectedAsync();
    }

    public async Task<PublishedTrack> PublishTrack(TrackInput track)
    {
        var (roomId, participantId) = Membership();
        return Unwrap(await grains.GetGrain<IRoomGrain>(roomId).Publish(participantId, track ?? new TrackInput(null, null)));
    }

    public async Task UnpublishTrack(string trackId)
    {
        var (roomId, participantId) = Membership();
        Unwrap(await grains.GetGrain<IRoomGrain>(roomId).Unpublish(participantId, trackId ?? ""));
    }

    public async Task<PublishedTrack> SetMuted(string trackId, bool muted)
    {
        var (roomId, participantId) = Membership();
        return Unwrap(await grains.GetGrain<IRoomGrain>(roomId).SetMuted(participantId, trackId ?? "", muted));
    }

    public async Task<ChatMessage> SendMessage(ChatInput message)
    {
        var (roomId, _) = Membership();
        var caller = Caller.From(Context.User!);
        if (caller.IsGuest) throw new HubException(RoomPolicy.GuestsCannotChat);
        var author = new ChatAuthor(caller.UserId, Context.User!.FindFirst("name")?.Value ?? caller.UserId);
        return Unwrap(await grains.GetGrain<IChatGrain>(roomId).Send(author, message ?? new ChatInput(null)));
    }

    public async Task<ChatMessage> EditMessage(string messageId, ChatInput message)
    {
        var (roomId, _) = Membership();
        if (Caller.From(Context.User!).IsGuest) throw new HubException(RoomPolicy.GuestsCannotChat);
        return Unwrap(await grains.GetGrain<IChatGrain>(roomId).Edit(Caller.From(Context.User!).UserId, messageId ?? "", message ?? new ChatInput(null)));
    }

    /// <summary>Deletes one's own message; the room's host and admins may delete any.</summary>
    public async Task<ChatMessage> DeleteMessage(string messageId)
    {
        var (roomId, participantId) = Membership();
        var caller = Caller.From(Context.User!);
        var moderator = caller.IsAdmin || await grains.GetGrain<IRoomGrain>(roomId).RoleOf(participantId) == RoomRole.Host;
        return Unwrap(await grains.GetGrain<IChatGrain>(roomId).Delete(caller.UserId, moderator, messageId ?? ""));
    }

    /// <summary>What a reconnecting client missed: every message after the last one it saw, in order.</summary>
    public async Task<IReadOnlyList<ChatMessage>> MessagesSince(string messageId)
    {
        var (roomId, _) = Membership();
        return Unwrap(await grains.GetGrain<IChatGrain>(roomId).Since(messageId ?? ""));
    }

    public async Task MarkRead(string messageId)
    {
        var (roomId, _) = Membership();
        Unwrap(await grains.GetGrain<IChatGrain>(roomId).MarkRead(Caller.From(Context.User!).UserId, messageId ?? ""));
    }

    /// <summary>Ephemeral: tells the others this participant is typing; nothing is stored.</summary>
    public async Task Typing()
    {
        var (roomId, participantId) = Membership();
        await grains.GetGrain<IRoomGrain>(roomId).Broadcast(new RoomEvent(roomId, RoomEventTypes.Typing, participantId, UserId: Caller.From(Context.User!).UserId));
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(RoomKey, out var room) && room is string roomId
            && Context.Items.TryGetValue(ParticipantKey, out var participant) && participant is string participantId)
        {
            // Not a Leave: the participant may come back (Resume) within the grace period.
            relay.Detach(participantId, Context.ConnectionId);
            await grains.GetGrain<IRoomGrain>(roomId).Disconnected(participantId);
            await relay.Exit(roomId);
        }
        // A clean close (no exception) ends presence now; a lost connection counts until the grace period ends.
        await Presence(Caller.From(Context.User!)).Disconnected(Context.ConnectionId, clean: exception is null);
        await base.OnDisconnectedAsync(exception);
    }

    private IPresenceGrain Presence(Caller caller) => grains.GetGrain<IPresenceGrain>(caller.UserId);

    private async Task<MediaRouterResponse?> DescribeRouter(string roomId)
    {
        try
        {
            // Bounded: a router placed on an SFU silo that was just killed must not hold up the join.
            var info = await (await grains.CurrentRouter(roomId)).Describe().WaitAsync(DescribeTimeout);
            return new MediaRouterResponse(info.Silo, info.MediaEndPoint);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return null; // no SFU silo is up: signaling and chat still work
        }
    }

    private JoinResponse Response(JoinedRoom joined, Caller caller) =>
        new(joined.ParticipantId, joined.Room, joined.Participants, IceServersApi.For(caller.UserId, rtc, time.GetUtcNow()));

    private (string RoomId, string ParticipantId) Membership() =>
        Context.Items.TryGetValue(RoomKey, out var room) && room is string roomId
        && Context.Items.TryGetValue(ParticipantKey, out var participant) && participant is string participantId
            ? (roomId, participantId)
            : throw new HubException("Join a room first.");

    private async Task LeaveGroup(string roomId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, RoomEventRelay.Group(roomId));
        await relay.Exit(roomId);
    }

    private static T Unwrap<T>(Conference.Common.Result<T> result) =>
        result.Error is { } error
            ? throw new HubException(error.Fields is { Count: > 0 } fields
                ? $"{error.Message} {string.Join(" ", fields.SelectMany(f => f.Value))}"
                : error.Message)
            : result.Value!;
}
