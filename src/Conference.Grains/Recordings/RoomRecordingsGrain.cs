using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Media;
using Conference.Recordings;
using Conference.Rooms;
using Microsoft.Extensions.Logging;

namespace Conference.Grains.Recordings;

/// <summary>
/// A room's recordings. Start/stop go through the room's media router (the SFU silo writes the files); the router
/// reports the files' progress here (one-way), so if its silo goes away a watchdog timer notices (the router no
/// longer knows the recording), ends it with what storage holds and tells the room. A reminder applies retention.
/// </summary>
[Placement.RequiresRole("core")]
public sealed class RoomRecordingsGrain(
    [PersistentState("recordings", StorageNames.Store)] IPersistentState<RoomRecordingsState> state,
    RecordingOptions options,
    IServiceProvider services,
    TimeProvider time,
    ILogger<RoomRecordingsGrain> logger) : Grain, IRoomRecordingsGrain, IRemindable
{
    private const string RetentionReminder = "retention";
    private IGrainTimer? _watchdog;

    private string RoomId => this.GetPrimaryKeyString();
    private IRecordingStore? Store => services.GetService(typeof(IRecordingStore)) as IRecordingStore;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.ActiveId is not null) StartWatchdog();
        return Task.CompletedTask;
    }

    public async Task<Result<Recording>> Start(string userId)
    {
        if ((await Room().Get()).Value is not { } room) return ResourceError.NotFound("Room", RoomId);
        if (room.Status == RoomStatus.Ended) return ResourceError.Conflict("The room has ended.");
        if (ActiveRecording() is { } active) return ResourceError.Conflict($"The room is already being recorded (recording '{active.Id}').");
        var id = ResourceIds.New();
        try
        {
            if ((await (await Router()).StartRecording(id)).Error is { } error) return error;
        }
        catch (OrleansException ex)
        {
            logger.LogWarning(ex, "Room {Room}: no media router could be reached to start recording", RoomId);
            return ResourceError.Unavailable("No media server (SFU) is available to record; try again shortly.");
        }
        var recording = new Recording(id, RoomId, userId, time.GetUtcNow(), null, RecordingState.Recording, [], SessionId: room.ActiveSessionId);
        await state.Write(state.State with { Recordings = [.. state.State.Recordings, recording], ActiveId = id });
        StartWatchdog();
        await EnsureRetentionReminder();
        await Announce(RoomEventTypes.RecordingStarted, recording);
        return recording;
    }

    public async Task<Result<Recording>> Stop(string userId)
    {
        if (ActiveRecording() is not { } active) return ResourceError.Conflict("The room is not being recorded.");
        IReadOnlyList<RecordedTrack> tracks = active.Tracks;
        var ended = RecordingState.Completed;
        try
        {
            var stopped = await (await Router()).StopRecording(active.Id);
            if (stopped.Value is { } final) tracks = Merge(active.Tracks, final);
            else if (!EndedCleanly(active)) ended = RecordingState.Interrupted; // the router no longer had it: its silo went away
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            logger.LogWarning(ex, "Room {Room}: the media router could not stop recording {Recording}", RoomId, active.Id);
            ended = RecordingState.Interrupted;
        }
        if (ended == RecordingState.Interrupted) tracks = await Salvage(tracks);
        return await End(active with { Tracks = await Named(tracks), StoppedBy = userId }, ended);
    }

    public Task<Recording?> Active() => Task.FromResult(ActiveRecording());

    public Task<IReadOnlyList<Recording>> List() =>
        Task.FromResult<IReadOnlyList<Recording>>(state.State.Recordings.AsEnumerable().Reverse().ToList());

    public Task<Result<Recording>> Get(string recordingId) =>
        Task.FromResult<Result<Recording>>(Find(recordingId) is { } recording ? recording : ResourceError.NotFound("Recording", recordingId));

    public async Task<Result<bool>> Delete(string recordingId)
    {
        if (Find(recordingId) is not { } recording) return ResourceError.NotFound("Recording", recordingId);
        if (recording.State == RecordingState.Recording) return ResourceError.Conflict("Stop the recording before deleting it.");
        await DeleteFiles(recording);
        await state.Write(state.State with { Recordings = state.State.Recordings.Where(r => r.Id != recordingId).ToList() });
        return true;
    }

    public async Task Progress(string recordingId, IReadOnlyList<RecordedTrack> tracks)
    {
        if (ActiveRecording() is not { } active || active.Id != recordingId) return;
        var next = active with { Tracks = await Named(Merge(active.Tracks, tracks)) };
        await state.Write(state.State with { Recordings = state.State.Recordings.Select(r => r.Id == recordingId ? next : r).ToList() });
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (options.RetentionDays <= 0) return;
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.RetentionDays);
        var expired = state.State.Recordings.Where(r => r.State != RecordingState.Recording && (r.StoppedAt ?? r.StartedAt) < cutoff).ToList();
        foreach (var recording in expired) await DeleteFiles(recording);
        if (expired.Count > 0)
        {
            var gone = expired.Select(r => r.Id).ToHashSet();
            await state.Write(state.State with { Recordings = state.State.Recordings.Where(r => !gone.Contains(r.Id)).ToList() });
            logger.LogInformation("Room {Room}: {Count} recordings past the {Days}-day retention deleted", RoomId, expired.Count, options.RetentionDays);
        }
        if (state.State.Recordings.Count == 0 && await this.GetReminder(RetentionReminder) is { } reminder) await this.UnregisterReminder(reminder);
    }

    private static bool EndedCleanly(Recording recording) => recording.Tracks.Count > 0 && recording.Tracks.All(t => t.Finished && t.Error is null);

    private Recording? ActiveRecording() => state.State.ActiveId is { } id ? Find(id) : null;

    private Recording? Find(string id) => state.State.Recordings.Find(r => r.Id == id);

    private IRoomGrain Room() => GrainFactory.GetGrain<IRoomGrain>(RoomId);

    /// <summary>The room's current router (a new generation after a move, which knows no recording: the watchdog ends it).</summary>
    private Task<IMediaRouterGrain> Router() => GrainFactory.CurrentRouter(RoomId);

    private async Task<Result<Recording>> End(Recording recording, RecordingState ended)
    {
        var final = recording with { State = ended, StoppedAt = time.GetUtcNow() };
        await state.Write(state.State with { Recordings = state.State.Recordings.Select(r => r.Id == final.Id ? final : r).ToList(), ActiveId = null });
        try
        {
            await Announce(RoomEventTypes.RecordingStopped, final);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Room {Room}: recordingStopped of recording {Recording} could not be announced", RoomId, final.Id);
        }
        logger.LogInformation("Room {Room}: recording {Recording} ended {State} ({Files} files, {Bytes} bytes)",
            RoomId, final.Id, ended, final.Tracks.Count, final.Bytes);
        _watchdog?.Dispose();
        _watchdog = null;
        return final;
    }

    /// <summary>While recording: a router that no longer knows the recording lost it with its silo; end it with what was stored.</summary>
    private void StartWatchdog()
    {
        _watchdog ??= this.RegisterGrainTimer(async () =>
        {
            if (ActiveRecording() is not { } active) return;
            string? routerHas;
            try { routerHas = await (await Router()).ActiveRecording(); }
            catch (TimeoutException) { return; } // its silo stopped answering: once membership declares it dead, calls fail at once
            catch (OrleansException) { routerHas = null; }
            if (routerHas == active.Id) return;
            if (EndedCleanly(active)) // the router finished its files (the room emptied) before anyone said stop
            {
                await End(active, RecordingState.Completed);
                return;
            }
            logger.LogWarning("Room {Room}: recording {Recording} lost its SFU; ending it with what was stored", RoomId, active.Id);
            await End(active with { Tracks = await Salvage(active.Tracks) }, RecordingState.Interrupted);
        }, new GrainTimerCreationOptions(options.ProgressInterval, options.ProgressInterval) { Interleave = false });
    }

    private async Task<IReadOnlyList<RecordedTrack>> Salvage(IReadOnlyList<RecordedTrack> tracks)
    {
        if (Store is not { } store) return tracks;
        var salvaged = new List<RecordedTrack>();
        foreach (var track in tracks)
        {
            try
            {
                if (track.Finished)
                {
                    salvaged.Add(track);
                    continue;
                }
                var stored = await store.SalvageAsync(track.Key, CancellationToken.None);
                salvaged.Add(track with
                {
                    Bytes = stored.Bytes, DurationMs = stored.Bytes == 0 ? 0 : stored.DurationMs ?? track.DurationMs, Finished = true,
                    Error = stored.Bytes == 0 ? "nothing of it was stored before the SFU silo went away" : "ended with the SFU silo",
                });
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Room {Room}: recording file {Key} could not be salvaged", RoomId, track.Key);
                salvaged.Add(track with { Finished = true, Error = "lost with the SFU silo" });
            }
        }
        return salvaged;
    }

    private async Task DeleteFiles(Recording recording)
    {
        if (Store is not { } store) return;
        foreach (var track in recording.Tracks)
        {
            try { await store.DeleteAsync(track.Key, CancellationToken.None); }
            catch (Exception ex) { logger.LogError(ex, "Room {Room}: recording file {Key} could not be deleted", RoomId, track.Key); }
        }
    }

    /// <summary>Fills in whose track each is, from the room's participants (the router knows participant ids only).</summary>
    private async Task<IReadOnlyList<RecordedTrack>> Named(IReadOnlyList<RecordedTrack> tracks)
    {
        if (tracks.All(t => t.UserId is not null)) return tracks;
        var participants = (await Room().GetParticipants()).Value ?? [];
        return tracks.Select(t => t.UserId is not null || participants.FirstOrDefault(p => p.ParticipantId == t.ParticipantId) is not { } p
            ? t : t with { UserId = p.UserId, Name = p.Name }).ToList();
    }

    private static IReadOnlyList<RecordedTrack> Merge(IReadOnlyList<RecordedTrack> known, IReadOnlyList<RecordedTrack> reported)
    {
        var byId = known.ToDictionary(t => t.TrackId);
        foreach (var track in reported)
            byId[track.TrackId] = byId.TryGetValue(track.TrackId, out var before) ? track with { UserId = before.UserId, Name = before.Name } : track;
        return byId.Values.OrderBy(t => t.StartedAt).ThenBy(t => t.TrackId, StringComparer.Ordinal).ToList();
    }

    private Task Announce(string type, Recording recording) =>
        Room().Broadcast(new RoomEvent(RoomId, type) { Recording = recording });

    private async Task EnsureRetentionReminder()
    {
        if (options.RetentionDays <= 0) return;
        try
        {
            await this.RegisterOrUpdateReminder(RetentionReminder, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Room {Room}: the recording retention reminder could not be registered", RoomId);
        }
    }
}
