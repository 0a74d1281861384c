using Conference.Catalogs;
using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Grains.Observability;
using Conference.Projects;
using Conference.Rooms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace Conference.Grains.Rooms;

[Placement.RequiresRole("core")]
public sealed partial class RoomGrain(
    [PersistentState("room", StorageNames.Store)] IPersistentState<RoomState> state,
    IOptions<RoomOptions> options,
    TimeProvider time,
    ILogger<RoomGrain> logger) : IndexedGrain<RoomState, RoomSummary>(state), IRoomGrain
{
    private const int MaxName = 200;
    private readonly Dictionary<string, LiveParticipant> _participants = new(StringComparer.Ordinal);
    private readonly ObserverManager<IRoomObserver> _gateways = new(options.Value.ObserverExpiry, logger);

    public Task Subscribe(IRoomObserver observer)
    {
        _gateways.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IRoomObserver observer)
    {
        _gateways.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task Broadcast(RoomEvent roomEvent)
    {
        _gateways.Notify(gateway => gateway.OnRoomEvent(roomEvent));
        return Task.CompletedTask;
    }

    public Task Relay(string routerKey, RoomEvent roomEvent) => routerKey == Router.ToString() ? Broadcast(roomEvent) : Task.CompletedTask;

    public Task<RoomRole?> RoleOf(string participantId) =>
        Task.FromResult<RoomRole?>(_participants.TryGetValue(participantId, out var participant) ? participant.Role : null);

    private void Publish(string type, string? participantId = null, Participant? participant = null, PublishedTrack? track = null)
    {
        var roomEvent = new RoomEvent(Id, type, participantId, participant, track);
        _gateways.Notify(gateway => gateway.OnRoomEvent(roomEvent));
    }

    protected override ICatalogIndex<RoomSummary> Catalog => GrainFactory.GetGrain<IRoomCatalogGrain>(CatalogKeys.All);

    protected override RoomSummary? SummaryOf(RoomState value) =>
        value.Room is { } room ? new RoomSummary(room.Status, room.ProjectId, room.CreatedBy) : null;

    private Room? Current => State.RecordExists ? State.State.Room : null;

    /// <summary>
    /// Connections live in memory: a session still open at activation lost its participants when its silo stopped,
    /// so it is closed at the last time that activation was known alive (not now, which may be much later).
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Current is { ActiveSessionId: not null } room)
        {
            var now = time.GetUtcNow();
            var diedAt = State.State.AliveAt is { } alive && alive < now ? alive : now;
            await WriteIndexed(CloseSession(State.State, room, diedAt) with { AliveAt = null });
        }
        this.RegisterGrainTimer(Heartbeat, new GrainTimerCreationOptions(options.Value.AliveInterval, options.Value.AliveInterval) { Interleave = false });
        WatchMedia();
    }

    private async Task Heartbeat(CancellationToken cancellation)
    {
        if (Current is not { ActiveSessionId: not null }) return;
        state.State = state.State with { AliveAt = time.GetUtcNow() };
        await state.WriteStateAsync(cancellation);
    }

    public async Task<Result<Room>> Create(RoomInput input, string creatorId)
    {
        if (Current is not null) return ResourceError.Conflict($"Room '{Id}' already exists.");
        var errors = new FieldErrors();
        var name = errors.Required("name", input.Name, MaxName);
        if (input.ProjectId is { } projectId
            && (!ResourceIds.IsWellFormed(projectId) || !(await GrainFactory.GetGrain<IProjectGrain>(projectId).GetAccess(creatorId)).Exists))
            errors.Add("projectId", "'projectId' must be the id of an existing project.");
        if (errors.Any) return errors.ToError();
        var now = time.GetUtcNow();
        var room = new Room(Id, name!, input.ProjectId, RoomStatus.Created, creatorId, null, now, now, null, 1);
        if (await WriteIndexed(new RoomState { Room = room }) is { } failed) return failed;
        ConferenceMetrics.RecordCreated("room");
        return room;
    }

    public Task<Result<Room>> Get() =>
        Task.FromResult<Result<Room>>(Current is { } room ? room : ResourceError.NotFound("Room", Id));

    public async Task<Result<Room>> End(long? expectedVersion)
    {
        if (Current is not { } room) return ResourceError.NotFound("Room", Id);
        if (expectedVersion is { } expected && expected != room.Version) return ResourceError.Stale(expected, room.Version);
        if (room.Status == RoomStatus.Ended) return room;
        var now = time.GetUtcNow();
        var closed = CloseSession(State.State, room, now);
        var ended = closed.Room! with { Status = RoomStatus.Ended, EndedAt = now };
        if (await WriteIndexed(closed with { Room = ended }) is { } failed) return failed;
        foreach (var participant in _participants.Values) participant.GraceTimer?.Dispose();
        var gone = _participants.Keys.ToList();
        _participants.Clear();
        Publish(RoomEventTypes.RoomEnded);
        foreach (var participantId in gone) await Media(router => router.Close(participantId));
        ConferenceMetrics.RecordDeleted("room");
        return ended;
    }

    public async Task<Result<JoinedRoom>> Join(string userId, string name, RoomRole role)
    {
        if (Current is not { } room) return ResourceError.NotFound("Room", Id);
        if (room.Status == RoomStatus.Ended) return ResourceError.Conflict("The room has ended.");
        var now = time.GetUtcNow();
        var participant = new LiveParticipant(ResourceIds.New(), userId, name, role, now);
        var next = State.State;
        if (room.ActiveSessionId is null)
        {
            var session = new CallSession(ResourceIds.New(), now, null, []);
            var sessions = next.Sessions.Append(session).TakeLast(options.Value.SessionsKept).ToList();
            next = next with { Sessions = sessions, Room = room with { Status = RoomStatus.Active, ActiveSessionId = session.Id } };
        }
        next = WithOpenSession(next, s => s with { Attendance = [.. s.Attendance, new Attendance(userId, name, now, null)] }) with { AliveAt = now };
        if (await Save(next) is { } failed) return failed;
        _participants[participant.Id] = participant;
        Publish(RoomEventTypes.ParticipantJoined, participant.Id, participant.ToParticipant());
        return Snapshot(participant.Id);
    }

    public async Task<Result<bool>> Leave(string participantId)
    {
        if (!_participants.Remove(participantId, out var participant)) return ResourceError.NotFound("Participant", participantId);
        participant.GraceTimer?.Dispose();
        Publish(RoomEventTypes.ParticipantLeft, participantId);
        await Media(router => router.Close(participantId));
        if (Current is not { } room) return true;
        var now = time.GetUtcNow();
        var next = WithOpenSession(State.State, s => s with
        {
            Attendance = s.Attendance.Select(a => a.UserId == participant.UserId && a.JoinedAt == participant.JoinedAt && a.LeftAt is null ? a with { LeftAt = now } : a).ToList(),
        });
        if (_participants.Count == 0) next = CloseSession(next, next.Room!, now);
        return await Save(next) is { } failed ? failed : true;
    }

    public Task Disconnected(string participantId)
    {
        if (_participants.TryGetValue(participantId, out var participant) && participant.Connected)
        {
            participant.Connected = false;
            Publish(RoomEventTypes.ParticipantDisconnected, participantId);
            participant.GraceTimer = this.RegisterGrainTimer(async _ =>
            {
                if (_participants.TryGetValue(participantId, out var still) && !still.Connected) await Leave(participantId);
            }, new GrainTimerCreationOptions(options.Value.DisconnectGrace, Timeout.InfiniteTimeSpan) { Interleave = false });
        }
        return Task.CompletedTask;
    }

    public Task<Result<JoinedRoom>> Resume(string participantId, string userId)
    {
        if (!_participants.TryGetValue(participantId, out var participant) || participant.UserId != userId)
            return Task.FromResult<Result<JoinedRoom>>(ResourceError.NotFound("Participant", participantId));
        participant.Connected = true;
        participant.GraceTimer?.Dispose();
        participant.GraceTimer = null;
        Publish(RoomEventTypes.ParticipantResumed, participantId);
        return Task.FromResult<Result<JoinedRoom>>(Snapshot(participantId));
    }

    public async Task<Result<PublishedTrack>> Publish(string participantId, TrackInput track)
    {
        if (!_participants.TryGetValue(participantId, out var participant)) return ResourceError.NotFound("Participant", participantId);
        var errors = new FieldErrors();
        if (track.Kind is not { } kind || !Enum.IsDefined(kind)) errors.Add("kind", "'kind' must be audio or video.");
        if (track.Source is not { } source || !Enum.IsDefined(source)) errors.Add("source", "'source' must be camera, microphone or screen.");
        else if ((source == TrackSource.Microphone) != (track.Kind == TrackKind.Audio)) errors.Add("source", "'source' does not match 'kind'.");
        if (track.ClientTrackId is { } clientTrackId && (clientTrackId.Length is 0 or > 256 || clientTrackId.Any(char.IsControl)))
            errors.Add("clientTrackId", "'clientTrackId' must be the track id of the publisher offer's a=msid (1-256 characters).");
        else if (track.ClientTrackId is not null && participant.Tracks.Any(t => t.ClientTrackId == track.ClientTrackId))
            errors.Add("clientTrackId", "Another published track already has this 'clientTrackId'.");
        if (errors.Any) return errors.ToError();
        var published = new PublishedTrack(ResourceIds.New(), track.Kind!.Value, track.Source!.Value, track.Muted, time.GetUtcNow(), track.ClientTrackId);
        participant.Tracks.Add(published);
        Publish(RoomEventTypes.TrackPublished, participantId, track: published);
        await SyncMedia(participant);
        return published;
    }

    public async Task<Result<bool>> Unpublish(string participantId, string trackId)
    {
        if (!_participants.TryGetValue(participantId, out var participant) || participant.Tracks.Find(t => t.TrackId == trackId) is not { } track)
            return ResourceError.NotFound("Track", trackId);
        participant.Tracks.Remove(track);
        participant.Streams.RemoveAll(s => s.TrackId == trackId);
        Publish(RoomEventTypes.TrackUnpublished, participantId, track: track);
        await SyncMedia(participant);
        return true;
    }

    public async Task<Result<PublishedTrack>> SetMuted(string participantId, string trackId, bool muted)
    {
        if (!_participants.TryGetValue(participantId, out var participant)
            || participant.Tracks.FindIndex(t => t.TrackId == trackId) is var index && index < 0)
            return ResourceError.NotFound("Track", trackId);
        participant.Tracks[index] = participant.Tracks[index] with { Muted = muted };
        Publish(RoomEventTypes.TrackMuted, participantId, track: participant.Tracks[index]);
        await SyncMedia(participant);
        return participant.Tracks[index];
    }

    private Task SyncMedia(LiveParticipant participant)
    {
        var tracks = participant.Tracks.ToList();
        return Media(router => router.SetTracks(participant.Id, tracks));
    }

    /// <summary>
    /// Tells the room's media router (on an SFU silo) what changed. Best effort: a cluster without an SFU silo has
    /// no media, and signaling must keep working without it. The router never calls back into a turn of ours (it
    /// uses <see cref="Relay"/>, one-way), so awaiting it here cannot deadlock.
    /// </summary>
    private async Task Media(Func<Conference.Media.IMediaRouterGrain, Task> change)
    {
        try
        {
            await change(GrainFactory.GetGrain<Conference.Media.IMediaRouterGrain>(Router.ToString()));
        }
        catch (Exception ex)
        {
            // Signaling carries on, but a lost media change is a server fault: logged and counted (by exception type).
            ConferenceMetrics.RecordMediaRouterFailure(ex.GetType().Name);
            logger.LogWarning(ex, "Media router call of room {Room} failed", Id);
        }
    }

    public Task<Result<IReadOnlyList<Participant>>> GetParticipants() =>
        Task.FromResult<Result<IReadOnlyList<Participant>>>(Current is null ? ResourceError.NotFound("Room", Id) : Participants());

    public Task<Result<Page<CallSession>>> GetSessions(PageRequest page)
    {
        if (Current is null) return Task.FromResult<Result<Page<CallSession>>>(ResourceError.NotFound("Room", Id));
        // Newest first; the cursor is the (1-based) position of the last session served.
        var sessions = State.State.Sessions;
        var before = PageCursor.TryDecode(page.Cursor, out var position) && position > 0 ? (int)Math.Min(position - 1, sessions.Count) : sessions.Count;
        var start = Math.Max(0, before - page.Limit);
        var items = sessions.Skip(start).Take(before - start).Reverse().ToList();
        return Task.FromResult<Result<Page<CallSession>>>(new Page<CallSession>(items, start > 0 ? PageCursor.Encode(start + 1) : null));
    }

    public async Task<Result<MeetingTask>> AddMeetingTask(string taskId, string messageId, DateTimeOffset sentAt, string createdBy)
    {
        if (Current is not { } room) return ResourceError.NotFound("Room", Id);
        var sessionId = room.ActiveSessionId
            ?? State.State.Sessions.LastOrDefault(s => s.StartedAt <= sentAt && (s.EndedAt is null || sentAt <= s.EndedAt))?.Id;
        var made = new MeetingTask(taskId, sessionId, messageId, createdBy, time.GetUtcNow());
        var tasks = State.State.Tasks.Append(made).TakeLast(options.Value.MeetingTasksKept).ToList();
        if (await WriteIndexed(State.State with { Tasks = tasks }) is { } failed) return failed;
        ConferenceMetrics.RecordCreated("meeting_task");
        return made;
    }

    public Task<Result<IReadOnlyList<MeetingRecord>>> GetMeetings()
    {
        if (Current is not { } room) return Task.FromResult<Result<IReadOnlyList<MeetingRecord>>>(ResourceError.NotFound("Room", Id));
        var bySession = State.State.Tasks.Where(t => t.SessionId is not null).ToLookup(t => t.SessionId!);
        var meetings = State.State.Sessions.AsEnumerable().Reverse().Select(s => new MeetingRecord(room, s, bySession[s.Id].ToList())).ToList();
        return Task.FromResult<Result<IReadOnlyList<MeetingRecord>>>(meetings);
    }

    private async Task<ResourceError?> Save(RoomState next)
    {
        var room = next.Room!;
        return await WriteIndexed(next with { Room = room with { UpdatedAt = time.GetUtcNow(), Version = room.Version + 1 } });
    }

    private static RoomState WithOpenSession(RoomState value, Func<CallSession, CallSession> change) =>
        value.Room?.ActiveSessionId is { } open
            ? value with { Sessions = value.Sessions.Select(s => s.Id == open ? change(s) : s).ToList() }
            : value;

    private static RoomState CloseSession(RoomState value, Room room, DateTimeOffset now) =>
        WithOpenSession(value, s => s with
        {
            EndedAt = now,
            Attendance = s.Attendance.Select(a => a.LeftAt is null ? a with { LeftAt = now } : a).ToList(),
        }) with { Room = room with { ActiveSessionId = null } };

    private JoinedRoom Snapshot(string participantId) => new(participantId, Current!, Participants());

    private List<Participant> Participants() =>
        _participants.Values.OrderBy(p => p.JoinedAt).Select(p => p.ToParticipant()).ToList();

    private sealed class LiveParticipant(string id, string userId, string name, RoomRole role, DateTimeOffset joinedAt)
    {
        public string Id { get; } = id;
        public string UserId { get; } = userId;
        public DateTimeOffset JoinedAt { get; } = joinedAt;
        public bool Connected { get; set; } = true;
        public List<PublishedTrack> Tracks { get; } = [];
        /// <summary>Simulcast streams of its tracks as routers learned them, for the next router at a media move.</summary>
        public List<Conference.Media.PublisherStream> Streams { get; } = [];
        public IGrainTimer? GraceTimer { get; set; }

        public RoomRole Role => role;

        public Participant ToParticipant() => new(Id, UserId, name, role, JoinedAt, Connected, Tracks.ToList());
    }
}
