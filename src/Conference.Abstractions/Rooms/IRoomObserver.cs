namespace Conference.Rooms;

/// <summary>What happened in a room, pushed to every gateway that holds a connection to it.</summary>
[Immutable, GenerateSerializer, Alias("conference.RoomEvent")]
public sealed record RoomEvent(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Type,
    [property: Id(2)] string? ParticipantId = null,
    [property: Id(3)] Participant? Participant = null,
    [property: Id(4)] PublishedTrack? Track = null,
    [property: Id(5)] Chat.ChatMessage? Message = null,
    [property: Id(6)] string? UserId = null,
    [property: Id(7)] Presence.UserPresence? Presence = null,
    [property: Id(8)] Media.MediaOffer? Offer = null,
    [property: Id(9)] string? Error = null)
{
    /// <summary>recordingStarted / recordingStopped: the recording (its tracks as far as known).</summary>
    [Id(11)] public Recordings.Recording? Recording { get; init; }

    /// <summary>layersChanged (to a publisher): the simulcast rids of <see cref="Track"/> to keep sending, lowest first.</summary>
    [Id(15)] public IReadOnlyList<string>? ActiveLayers { get; init; }

    /// <summary>layersChanged: the rids no subscriber needs now; the publisher may stop encoding them until told otherwise.</summary>
    [Id(16)] public IReadOnlyList<string>? PausedLayers { get; init; }

    /// <summary>Set for events meant for one participant only (a subscriber offer, a data error): its connection gets it, no one else.</summary>
    [Id(10)] public string? Recipient { get; init; }

    /// <summary>mediaMoved: the room's new media router (its SFU silo and media address).</summary>
    [Id(12)] public Media.MediaRouterLocation? Router { get; init; }

    /// <summary>mediaMoved: why (`failure`: its SFU silo stopped answering; `drain`: its SFU silo is being stopped).</summary>
    [Id(13)] public string? Reason { get; init; }
}

public static class RoomEventTypes
{
    public const string ParticipantJoined = "participantJoined";
    public const string ParticipantLeft = "participantLeft";
    public const string ParticipantDisconnected = "participantDisconnected";
    public const string ParticipantResumed = "participantResumed";
    public const string TrackPublished = "trackPublished";
    public const string TrackUnpublished = "trackUnpublished";
    public const string TrackMuted = "trackMuted";
    public const string RoomEnded = "roomEnded";
    public const string ChatMessage = "chatMessage";
    public const string ChatMessageEdited = "chatMessageEdited";
    public const string ChatMessageDeleted = "chatMessageDeleted";
    public const string Typing = "typing";
    public const string Presence = "presence";
    public const string SubscriberOffer = "subscriberOffer";
    public const string ActiveSpeaker = "activeSpeaker";
    public const string DataError = "dataError";
    public const string MediaFailed = "mediaFailed";

    /// <summary>The room's media router moved to another SFU silo (its silo died or drains): renegotiate both connections there.</summary>
    public const string MediaMoved = "mediaMoved";
    public const string RecordingStarted = "recordingStarted";
    public const string RecordingStopped = "recordingStopped";
    public const string LayersChanged = "layersChanged";
}

/// <summary>
/// One per gateway process (a grain observer): the room grain notifies every subscribed gateway, and each gateway
/// forwards to its own SignalR connections — so events reach clients whichever gateway they are connected to.
/// </summary>
[Alias("conference.IRoomObserver")]
public interface IRoomObserver : IGrainObserver
{
    [OneWay, Alias("OnRoomEvent")] Task OnRoomEvent(RoomEvent roomEvent);
}
