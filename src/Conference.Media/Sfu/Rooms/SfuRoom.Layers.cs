namespace Conference.Media.Sfu.Rooms;

/// <summary>A publisher should send only these simulcast layers of a track (dynacast): the others nobody needs now.</summary>
public sealed record SfuLayerChange(string PublisherId, string TrackId, string Source, IReadOnlyList<string> ActiveRids, IReadOnlyList<string> PausedRids);

public sealed partial class SfuRoom
{
    /// <summary>Null when applied, else what is wrong, naming the field.</summary>
    public Task<string?> SetVideoViewAsync(string participantId, string trackId, VideoView view) =>
        _engine.InvokeAsync(() => SetVideoView(participantId, trackId, view));

    /// <summary>
    /// Dynacast: the simulcast tracks whose needed layers changed since the last call. A layer is needed while some
    /// subscriber's view of the track needs it (or does not say; a recording needs the top one); the lowest layer always
    /// stays, so a subscriber that appears or unhides a tile has something to start from at once.
    /// </summary>
    public Task<IReadOnlyList<SfuLayerChange>> TakeLayerChangesAsync() => _engine.InvokeAsync(TakeLayerChanges);

    /// <summary>
    /// The next <see cref="TakeLayerChanges"/> names the participant's simulcast tracks again, changed or not: a
    /// layersChanged pushed while its signaling connection was down (it resumed within the grace period) was lost with
    /// that connection, and its encoder would keep sending (or keep pausing) layers by the old set.
    /// </summary>
    public Task ResendLayersAsync(string participantId) => _engine.InvokeAsync(() => ResendLayers(participantId));

    internal void ResendLayers(string participantId)
    {
        if (!_participants.TryGetValue(participantId, out var publisher)) return;
        foreach (var track in publisher.Published.Values) track.ActiveLayer = -1; // no layer count matches: reported at the next take
    }

    /// <summary>Layers currently paused at their publishers (metrics).</summary>
    public int PausedLayerCount => Volatile.Read(ref _pausedLayers);

    private int _pausedLayers;

    internal string? SetVideoView(string participantId, string trackId, VideoView view)
    {
        if (!_participants.TryGetValue(participantId, out var participant)) return "participantId: not in this room's media; call Subscribe first";
        var track = _participants.Values.Where(p => p != participant).Select(p => p.Published.GetValueOrDefault(trackId)).FirstOrDefault(t => t is not null);
        if (track is null) return $"trackId: '{trackId}' is not a track another participant publishes";
        if (!track.Fanout.Options.IsVideo) return $"trackId: '{trackId}' is an audio track";
        participant.Views[trackId] = view;
        participant.ApplyView(trackId);
        return null;
    }

    internal IReadOnlyList<SfuLayerChange> TakeLayerChanges()
    {
        List<SfuLayerChange>? changes = null;
        int paused = 0;
        foreach (var publisher in _participants.Values)
        {
            foreach (var track in publisher.Published.Values)
            {
                var rids = track.Fanout.LayerRids;
                if (!track.Fanout.Options.IsSimulcast) continue;
                int needed = NeededLayer(publisher, track);
                paused += rids.Count - 1 - needed;
                if (needed == track.ActiveLayer) continue;
                track.ActiveLayer = needed;
                (changes ??= []).Add(new SfuLayerChange(publisher.Id, track.Info.TrackId, track.Info.Source, rids.Take(needed + 1).ToArray(), rids.Skip(needed + 1).ToArray()));
            }
        }
        Volatile.Write(ref _pausedLayers, paused);
        return changes ?? (IReadOnlyList<SfuLayerChange>)[];
    }

    private int NeededLayer(SfuParticipant publisher, ForwardedTrack track)
    {
        int top = track.Fanout.LayerRids.Count - 1;
        if (_taps.Length > 0) return top;
        int needed = 0;
        foreach (var subscriber in _participants.Values)
        {
            if (subscriber == publisher || !subscriber.Subscriptions.ContainsKey(track.Info.TrackId)) continue;
            needed = Math.Max(needed, subscriber.ViewLayer(track));
            if (needed == top) break;
        }
        return needed;
    }
}
