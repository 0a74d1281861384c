using Conference.Catalogs;
using Conference.Common;

namespace Conference.Rooms;

/// <summary>
/// A meeting room (key: room id): its lifecycle, who is connected and what they publish, and the history of
/// its calls. Connections are in memory; the room and its call history are persisted.
/// </summary>
[Alias("conference.IRoomGrain")]
public interface IRoomGrain : IGrainWithStringKey, ICatalogOwner<RoomSummary>
{
    [Alias("Create")] Task<Result<Room>> Create(RoomInput input, string creatorId);
    [Alias("Get")] Task<Result<Room>> Get();

    /// <summary>Ends the room: everyone is disconnected and no one can join again.</summary>
    [Alias("End")] Task<Result<Room>> End(long? expectedVersion);

    [Alias("Join")] Task<Result<JoinedRoom>> Join(string userId, string name, RoomRole role);
    [Alias("Leave")] Task<Result<bool>> Leave(string participantId);

    /// <summary>The participant's connection dropped: it is removed unless it resumes within the grace period.</summary>
    [Alias("Disconnected")] Task Disconnected(string participantId);
    [Alias("Resume")] Task<Result<JoinedRoom>> Resume(string participantId, string userId);

    [Alias("Publish")] Task<Result<PublishedTrack>> Publish(string participantId, TrackInput track);
    [Alias("Unpublish")] Task<Result<bool>> Unpublish(string participantId, string trackId);
    [Alias("SetMuted")] Task<Result<PublishedTrack>> SetMuted(string participantId, string trackId, bool muted);

    /// <summary>Subscribes a gateway's observer; subscriptions expire, so gateways renew them periodically.</summary>
    [Alias("Subscribe")] Task Subscribe(IRoomObserver observer);
    [Alias("Unsubscribe")] Task Unsubscribe(IRoomObserver observer);

    /// <summary>Pushes an event from a sibling grain (the room's chat) to every subscribed gateway, in call order.</summary>
    [Alias("Broadcast")] Task Broadcast(RoomEvent roomEvent);

    /// <summary>
    /// Like <see cref="Broadcast"/>, one-way: for the media router, which the room itself calls (no call cycle can wait
    /// on itself). Events of a router the room has moved away from (<paramref name="routerKey"/> not current) are dropped.
    /// </summary>
    [OneWay, Alias("Relay")] Task Relay(string routerKey, RoomEvent roomEvent);

    /// <summary>The role of a connected participant, or null when it is not in the call.</summary>
    [AlwaysInterleave, Alias("RoleOf")] Task<RoomRole?> RoleOf(string participantId);

    /// <summary>The key of the room's current media router grain (see <see cref="Media.MediaRouterKey"/>).</summary>
    [AlwaysInterleave, Alias("RouterKey")] Task<string> RouterKey();

    /// <summary>
    /// Moves the room's media to a new router on another SFU silo, unless it already moved from
    /// <paramref name="fromRouterKey"/>: every participant gets `mediaMoved`. Called by a draining SFU silo; false when
    /// nothing moved (no other SFU silo can take it, or it had moved already).
    /// </summary>
    [Alias("MoveMedia")] Task<bool> MoveMedia(string fromRouterKey, string reason);

    /// <summary>
    /// The participant entered without learning where the media goes (its join answer has no router: the router did
    /// not answer in time, e.g. it was placed on an SFU silo that just died). It gets `mediaMoved` as soon as the room's
    /// router answers again, wherever that is.
    /// </summary>
    [OneWay, Alias("RouterUnknownTo")] Task RouterUnknownTo(string participantId);

    /// <summary>
    /// The media router learned simulcast streams of the participant's tracks (once per stream): the room keeps them
    /// with the tracks and gives them to the next router at a media move.
    /// </summary>
    [OneWay, Alias("StreamsLearned")] Task StreamsLearned(string participantId, IReadOnlyList<Media.PublisherStream> streams);

    [Alias("GetParticipants")] Task<Result<IReadOnlyList<Participant>>> GetParticipants();
    [Alias("GetSessions")] Task<Result<Page<CallSession>>> GetSessions(PageRequest page);

    /// <summary>Records a task made from the chat message <paramref name="messageId"/> (sent at <paramref name="sentAt"/>).</summary>
    [Alias("AddMeetingTask")] Task<Result<MeetingTask>> AddMeetingTask(string taskId, string messageId, DateTimeOffset sentAt, string createdBy);

    /// <summary>Every call of the room with the tasks made in it, newest first.</summary>
    [Alias("GetMeetings")] Task<Result<IReadOnlyList<MeetingRecord>>> GetMeetings();
}
